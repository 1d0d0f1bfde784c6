-- Verify rehearsal_fixture:customers_status_idx on pg

BEGIN;

SELECT 1 / (to_regclass('app.customers_status_idx') IS NOT NULL)::int;

ROLLBACK;
