-- Revert fleetdb:iam_outbox from pg

BEGIN;

DROP TABLE iam.inbox_processed_messages;
DROP TABLE iam.outbox_events;

COMMIT;
