-- Verify rehearsal_fixture:customers_phone on pg

BEGIN;

-- Broken on purpose: selects only columns that existed before, so it passes without the change.
SELECT id, email FROM app.customers WHERE FALSE;

ROLLBACK;
