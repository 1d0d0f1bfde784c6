-- Verify fleetdb:accounting_account_day_totals on pg

BEGIN;

SELECT shared.assert_table('accounting.account_day_totals', ARRAY[
    'account_id uuid', 'currency character(3)', 'posting_date date', 'amount_minor bigint',
    'created_at timestamp with time zone']);
SELECT shared.assert_constraints('accounting.account_day_totals', ARRAY[
    'account_day_totals_pk', 'account_day_totals_amount_range_ck']);
SELECT shared.assert_grants('accounting.account_day_totals', 'fleetdb_app', 'SELECT');
SELECT shared.assert_grants('accounting.account_day_totals', 'fleetdb_readonly', 'SELECT');
SELECT shared.assert_function('accounting.journal_lines_add_to_day_totals()', p_security_definer => true);
SELECT shared.assert_triggers('accounting.journal_lines', ARRAY[
    'journal_lines_day_totals_trg:accounting.journal_lines_add_to_day_totals()']);

ROLLBACK;
