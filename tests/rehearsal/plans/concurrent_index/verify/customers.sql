-- Verify rehearsal_fixture:customers on pg

BEGIN;

SELECT id, email, status, note FROM app.customers WHERE FALSE;
SELECT 1 / has_table_privilege('public', 'app.customers', 'SELECT')::int;

ROLLBACK;
