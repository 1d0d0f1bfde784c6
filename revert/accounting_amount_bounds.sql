-- Revert fleetdb:accounting_amount_bounds from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE accounting.journal_lines
    DROP CONSTRAINT journal_lines_amount_range_ck;

COMMIT;
