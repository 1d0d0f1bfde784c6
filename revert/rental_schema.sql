-- Revert fleetdb:rental_schema from pg

BEGIN;

REVOKE USAGE ON SCHEMA rental FROM fleetdb_app, fleetdb_readonly;
DROP SCHEMA rental;

COMMIT;
