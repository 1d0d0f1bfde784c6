-- INTEG-INBOX-IDEMPOTENT: a second delivery inserts nothing (and waits for a concurrent first one to
-- commit or roll back before deciding).
INSERT INTO {inbox} (consumer, message_id)
VALUES (%(consumer)s, %(message_id)s)
ON CONFLICT ON CONSTRAINT inbox_processed_messages_pk DO NOTHING
RETURNING message_id
