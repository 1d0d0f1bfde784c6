-- Revert fleetdb:accounting_schema from pg

BEGIN;

REVOKE USAGE ON SCHEMA accounting FROM fleetdb_app, fleetdb_readonly;
DROP SCHEMA accounting;

COMMIT;
