-- Deploy fleetdb:integration_outbox_privileges to pg
-- requires: iam_outbox
-- requires: fleet_outbox
-- requires: rental_outbox
-- requires: maintenance_outbox
-- requires: accounting_outbox

-- The outboxes can no longer be forged or starved by the application (issue 12, finding 3). In v1.0
-- fleetdb_app could INSERT events (with any txid: 2^63-1 was never claimed; OVERRIDING SYSTEM VALUE set
-- any sequence_no; an accounting.entry_posted for an entry that does not exist) and UPDATE published_at
-- (mark any event published, never delivered, or unpublished, delivered again). Now:
-- - events are written only by the publishing triggers, which run as the owner (SECURITY DEFINER):
--   the application has no INSERT on any outbox, so it sets neither txid nor sequence_no, and every
--   event belongs to a state change that happened in the same transaction;
-- - published_at is set only by fleetdb_relay, a NOLOGIN role for the relay (created here when
--   missing, like the roles of the roles change), with SELECT and UPDATE (published_at) on the outboxes.

BEGIN;

SET LOCAL lock_timeout = '5s';

-- The role is cluster-wide: created (by the deploying role, which may create roles) only when missing,
-- and recorded in shared.created_roles like the roles change's, so the revert drops only what this
-- deploy created.
CREATE TEMPORARY TABLE relay_created_now (role_name name PRIMARY KEY) ON COMMIT DROP;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fleetdb_relay') THEN
        CREATE ROLE fleetdb_relay NOLOGIN;
        COMMENT ON ROLE fleetdb_relay IS 'fleetdb: the outbox relay; claims and marks published the events of every module outbox.';
        INSERT INTO pg_temp.relay_created_now VALUES ('fleetdb_relay');
    END IF;
END
$$;
GRANT SELECT ON pg_temp.relay_created_now TO fleetdb_owner;

SET LOCAL ROLE fleetdb_owner;

INSERT INTO shared.created_roles (role_name) SELECT role_name FROM pg_temp.relay_created_now;
GRANT USAGE ON SCHEMA iam, fleet, rental, maintenance, accounting TO fleetdb_relay;

REVOKE INSERT ON iam.outbox_events, fleet.outbox_events, rental.outbox_events, maintenance.outbox_events,
    accounting.outbox_events FROM fleetdb_app;
REVOKE UPDATE (published_at) ON iam.outbox_events, fleet.outbox_events, rental.outbox_events,
    maintenance.outbox_events, accounting.outbox_events FROM fleetdb_app;
GRANT SELECT, UPDATE (published_at) ON iam.outbox_events, fleet.outbox_events, rental.outbox_events,
    maintenance.outbox_events, accounting.outbox_events TO fleetdb_relay;

-- The triggers insert as the owner now that the application may not.
ALTER FUNCTION rental.rentals_publish() SECURITY DEFINER;
ALTER FUNCTION fleet.odometer_readings_publish() SECURITY DEFINER;
ALTER FUNCTION maintenance.jobs_publish() SECURITY DEFINER;
ALTER FUNCTION accounting.journal_entries_publish() SECURITY DEFINER;

COMMIT;
