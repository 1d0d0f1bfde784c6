-- Deploy rehearsal_fixture:customers_cleanup to pg
-- requires: customers

BEGIN;

-- Broken on purpose: a schema change that deletes data.
DELETE FROM app.customers WHERE id % 2 = 0;

COMMIT;
