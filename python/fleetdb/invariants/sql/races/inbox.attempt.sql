-- The same message is delivered to every session at once; the handler records it in its inbox with
-- ON CONFLICT DO NOTHING and handles it only when a row came back.
INSERT INTO rental.inbox_processed_messages (consumer, message_id)
VALUES ('race-consumer', md5('race-message-' || %(round)s)::uuid)
ON CONFLICT DO NOTHING
RETURNING message_id
