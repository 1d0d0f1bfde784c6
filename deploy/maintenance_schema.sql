-- Deploy fleetdb:maintenance_schema to pg
-- requires: shared_assertions

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- A new schema grants nothing to PUBLIC; only the fleetdb roles get USAGE (never CREATE).
CREATE SCHEMA maintenance;
COMMENT ON SCHEMA maintenance IS 'Maintenance jobs, parts and labour, and their costs.';
GRANT USAGE ON SCHEMA maintenance TO fleetdb_app, fleetdb_readonly;

COMMIT;
