-- Revert rehearsal_fixture:customers from pg

BEGIN;

DROP TABLE app.customers;

COMMIT;
