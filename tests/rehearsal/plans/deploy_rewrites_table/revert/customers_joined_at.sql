-- Revert rehearsal_fixture:customers_joined_at from pg

BEGIN;

ALTER TABLE app.customers DROP COLUMN joined_at;

COMMIT;
