-- Deploy fleetdb:accounting_schema to pg
-- requires: shared_assertions

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- A new schema grants nothing to PUBLIC; only the fleetdb roles get USAGE (never CREATE).
CREATE SCHEMA accounting;
COMMENT ON SCHEMA accounting IS 'Double-entry ledger: accounts, journal entries and lines.';
GRANT USAGE ON SCHEMA accounting TO fleetdb_app, fleetdb_readonly;

COMMIT;
