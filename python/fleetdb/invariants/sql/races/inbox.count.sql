SELECT count(*) FROM rental.inbox_processed_messages WHERE consumer = 'race-consumer'
