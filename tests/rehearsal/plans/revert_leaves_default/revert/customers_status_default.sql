-- Revert rehearsal_fixture:customers_status_default from pg

BEGIN;

-- Broken on purpose: the default was 'active' before, not absent.
ALTER TABLE app.customers ALTER COLUMN status DROP DEFAULT;

COMMIT;
