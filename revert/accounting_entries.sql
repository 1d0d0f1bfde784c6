-- Revert fleetdb:accounting_entries from pg

BEGIN;

DROP TABLE accounting.journal_lines;
DROP TABLE accounting.journal_entries;
DROP FUNCTION accounting.journal_entries_check_balanced();
DROP FUNCTION accounting.journal_lines_check_same_transaction();
DROP FUNCTION accounting.journal_entries_stamp_txid();

COMMIT;
