-- Revert rehearsal_fixture:customers_phone from pg

BEGIN;

ALTER TABLE app.customers DROP COLUMN phone;

COMMIT;
