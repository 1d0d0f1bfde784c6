-- Verify rehearsal_fixture:customers_insert_grant on pg

BEGIN;

SELECT 1 / has_table_privilege('public', 'app.customers', 'INSERT')::int;

ROLLBACK;
