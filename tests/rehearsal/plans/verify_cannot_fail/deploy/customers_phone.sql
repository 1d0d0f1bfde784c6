-- Deploy rehearsal_fixture:customers_phone to pg
-- requires: customers

BEGIN;

ALTER TABLE app.customers ADD COLUMN phone text;

COMMIT;
