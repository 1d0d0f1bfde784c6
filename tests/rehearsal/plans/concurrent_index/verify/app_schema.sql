-- Verify rehearsal_fixture:app_schema on pg

BEGIN;

SELECT 1 / (to_regnamespace('app') IS NOT NULL)::int;

ROLLBACK;
