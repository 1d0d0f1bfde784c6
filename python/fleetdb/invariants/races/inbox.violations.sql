-- A message recorded twice for one consumer.
SELECT consumer, message_id, count(*) FROM rental.inbox_processed_messages
GROUP BY consumer, message_id HAVING count(*) > 1
