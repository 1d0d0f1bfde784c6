-- Verify rehearsal_fixture:customers_cleanup on pg

BEGIN;

SELECT id FROM app.customers WHERE FALSE;

ROLLBACK;
