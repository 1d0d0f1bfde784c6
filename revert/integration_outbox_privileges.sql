-- Revert fleetdb:integration_outbox_privileges from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

CREATE TEMPORARY TABLE relay_created_by_deploy (role_name name PRIMARY KEY) ON COMMIT DROP;
GRANT INSERT ON pg_temp.relay_created_by_deploy TO fleetdb_owner;

SET LOCAL ROLE fleetdb_owner;

ALTER FUNCTION accounting.journal_entries_publish() SECURITY INVOKER;
ALTER FUNCTION maintenance.jobs_publish() SECURITY INVOKER;
ALTER FUNCTION fleet.odometer_readings_publish() SECURITY INVOKER;
ALTER FUNCTION rental.rentals_publish() SECURITY INVOKER;

REVOKE SELECT, UPDATE (published_at) ON iam.outbox_events, fleet.outbox_events, rental.outbox_events,
    maintenance.outbox_events, accounting.outbox_events FROM fleetdb_relay;
GRANT INSERT ON iam.outbox_events, fleet.outbox_events, rental.outbox_events, maintenance.outbox_events,
    accounting.outbox_events TO fleetdb_app;
GRANT UPDATE (published_at) ON iam.outbox_events, fleet.outbox_events, rental.outbox_events,
    maintenance.outbox_events, accounting.outbox_events TO fleetdb_app;
REVOKE USAGE ON SCHEMA iam, fleet, rental, maintenance, accounting FROM fleetdb_relay;

WITH forgotten AS (DELETE FROM shared.created_roles WHERE role_name = 'fleetdb_relay' RETURNING role_name)
INSERT INTO pg_temp.relay_created_by_deploy SELECT role_name FROM forgotten;

RESET ROLE;

-- Drop the role only if this deploy created it and nothing in the cluster still depends on it (a
-- database cloned from this one, a login the DBA made a member of it).
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_temp.relay_created_by_deploy)
       AND NOT EXISTS (SELECT FROM pg_shdepend d WHERE d.refclassid = 'pg_authid'::regclass
                       AND d.refobjid = 'fleetdb_relay'::regrole)
       -- The reverting role's own membership does not count: from PostgreSQL 16 CREATE ROLE grants the
       -- creator the new role WITH ADMIN, and the roles revert ignores it the same way.
       AND NOT EXISTS (SELECT FROM pg_auth_members m
                       WHERE (m.roleid = 'fleetdb_relay'::regrole OR m.member = 'fleetdb_relay'::regrole)
                         AND m.member <> (SELECT oid FROM pg_roles WHERE rolname = current_user)) THEN
        DROP ROLE fleetdb_relay;
    END IF;
END
$$;

COMMIT;
