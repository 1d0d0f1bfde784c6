-- Verify fleetdb:accounting_accounts on pg

BEGIN;

SELECT shared.assert_table('accounting.accounts', ARRAY[
    'id uuid', 'code text', 'name text', 'type text', 'currency character(3)',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']);
SELECT shared.assert_constraints('accounting.accounts', ARRAY[
    'accounts_pk', 'accounts_code_uq', 'accounts_id_currency_uq', 'accounts_currency_fk', 'accounts_type_ck',
    'accounts_code_format_ck']);
SELECT shared.assert_indexes('accounting.accounts', ARRAY['accounts_currency_idx']);
SELECT shared.assert_triggers('accounting.accounts', ARRAY['accounts_touch_updated_at_trg:shared.touch_updated_at()']);
SELECT shared.assert_grants('accounting.accounts', 'fleetdb_app', 'SELECT');
SELECT shared.assert_grants('accounting.accounts', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
