-- Revert fleetdb:fleet_schema from pg

BEGIN;

REVOKE USAGE ON SCHEMA fleet FROM fleetdb_app, fleetdb_readonly;
DROP SCHEMA fleet;

COMMIT;
