-- Deploy rehearsal_fixture:customers_status_idx to pg
-- requires: customers

BEGIN;

CREATE INDEX customers_status_idx ON app.customers (status);

COMMIT;
