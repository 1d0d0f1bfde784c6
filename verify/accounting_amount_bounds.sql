-- Verify fleetdb:accounting_amount_bounds on pg

BEGIN;

SELECT shared.assert_constraints('accounting.journal_lines', ARRAY[
    'journal_lines_amount_range_ck']);

ROLLBACK;
