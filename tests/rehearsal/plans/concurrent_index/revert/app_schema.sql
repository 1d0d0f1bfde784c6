-- Revert rehearsal_fixture:app_schema from pg

BEGIN;

DROP SCHEMA app;

COMMIT;
