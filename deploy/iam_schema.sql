-- Deploy fleetdb:iam_schema to pg
-- requires: shared_assertions

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- A new schema grants nothing to PUBLIC; only the fleetdb roles get USAGE (never CREATE).
CREATE SCHEMA iam;
COMMENT ON SCHEMA iam IS 'Users and staff: identities from the identity provider, roles, permissions, staff profiles.';
GRANT USAGE ON SCHEMA iam TO fleetdb_app, fleetdb_readonly;

COMMIT;
