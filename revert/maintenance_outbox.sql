-- Revert fleetdb:maintenance_outbox from pg

BEGIN;

DROP TRIGGER jobs_outbox_trg ON maintenance.jobs;
DROP FUNCTION maintenance.jobs_publish();
DROP TABLE maintenance.inbox_processed_messages;
DROP TABLE maintenance.outbox_events;

COMMIT;
