-- Deploy rehearsal_fixture:customers_insert_grant to pg
-- requires: customers

BEGIN;

GRANT INSERT ON app.customers TO PUBLIC;

COMMIT;
