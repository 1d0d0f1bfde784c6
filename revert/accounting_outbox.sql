-- Revert fleetdb:accounting_outbox from pg

BEGIN;

DROP TRIGGER journal_entries_outbox_trg ON accounting.journal_entries;
DROP FUNCTION accounting.journal_entries_publish();
DROP TABLE accounting.inbox_processed_messages;
DROP TABLE accounting.outbox_events;

COMMIT;
