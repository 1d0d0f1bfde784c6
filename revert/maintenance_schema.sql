-- Revert fleetdb:maintenance_schema from pg

BEGIN;

REVOKE USAGE ON SCHEMA maintenance FROM fleetdb_app, fleetdb_readonly;
DROP SCHEMA maintenance;

COMMIT;
