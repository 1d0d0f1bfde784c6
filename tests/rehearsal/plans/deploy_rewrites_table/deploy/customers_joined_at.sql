-- Deploy rehearsal_fixture:customers_joined_at to pg
-- requires: customers

BEGIN;

ALTER TABLE app.customers ADD COLUMN joined_at timestamptz NOT NULL DEFAULT clock_timestamp();

COMMIT;
