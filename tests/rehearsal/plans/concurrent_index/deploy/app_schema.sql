-- Deploy rehearsal_fixture:app_schema to pg

BEGIN;

CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO PUBLIC;

COMMIT;
