-- Deploy fleetdb:fleet_schema to pg
-- requires: shared_assertions

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- A new schema grants nothing to PUBLIC; only the fleetdb roles get USAGE (never CREATE).
CREATE SCHEMA fleet;
COMMENT ON SCHEMA fleet IS 'Vehicles and their odometer history.';
GRANT USAGE ON SCHEMA fleet TO fleetdb_app, fleetdb_readonly;

COMMIT;
