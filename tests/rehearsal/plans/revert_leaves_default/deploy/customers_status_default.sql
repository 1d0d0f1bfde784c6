-- Deploy rehearsal_fixture:customers_status_default to pg
-- requires: customers

BEGIN;

ALTER TABLE app.customers ALTER COLUMN status SET DEFAULT 'closed';

COMMIT;
