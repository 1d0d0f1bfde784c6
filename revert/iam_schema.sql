-- Revert fleetdb:iam_schema from pg

BEGIN;

REVOKE USAGE ON SCHEMA iam FROM fleetdb_app, fleetdb_readonly;
DROP SCHEMA iam;

COMMIT;
