-- Deploy fleetdb:rental_schema to pg
-- requires: shared_assertions

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- A new schema grants nothing to PUBLIC; only the fleetdb roles get USAGE (never CREATE).
CREATE SCHEMA rental;
COMMENT ON SCHEMA rental IS 'Branches, customers, rentals, charges, payments and refunds.';
GRANT USAGE ON SCHEMA rental TO fleetdb_app, fleetdb_readonly;

COMMIT;
