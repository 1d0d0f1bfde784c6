-- Verify rehearsal_fixture:customers_joined_at on pg

BEGIN;

SELECT joined_at FROM app.customers WHERE FALSE;

ROLLBACK;
