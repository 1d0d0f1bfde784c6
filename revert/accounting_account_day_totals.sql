-- Revert fleetdb:accounting_account_day_totals from pg

-- The triggers go first, so no posting is left waiting for the totals table when it is dropped.
-- IF EXISTS: an interrupted revert runs again, and after the backfill the start trigger is gone.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';
SET LOCAL client_min_messages = warning;  -- no NOTICE for an IF EXISTS that finds nothing

DROP TRIGGER IF EXISTS journal_lines_day_totals_trg ON accounting.journal_lines;
DROP TRIGGER IF EXISTS journal_lines_day_totals_start_trg ON accounting.journal_lines;
DROP FUNCTION IF EXISTS accounting.account_day_totals_start();
DROP FUNCTION IF EXISTS accounting.journal_lines_add_to_day_totals();
DROP TABLE IF EXISTS accounting.account_day_totals;

COMMIT;
