-- Deploy fleetdb:integration_outbox_aggregate_order to pg
-- requires: integration_outbox_privileges
-- requires: integration_outbox_aggregate_version_idx
-- requires: fleet_odometer_guard

-- Each publishing trigger gives its event the next version of its aggregate: the latest version
-- written so far + 1. Two writers of one aggregate never compute it at once, because the trigger runs
-- while this transaction holds the aggregate's lock until commit — the rental's or the job's row (the
-- write itself locks it), the journal entry (new: nobody else sees it), the vehicle's odometer guard row
-- (fleet_odometer_guard). So version k+1 is computed only after version k committed: versions are the
-- commit order of one aggregate's changes, and the relay publishes them in that order
-- (docs/db/integration.md). outbox_events_aggregate_version_uq refuses a duplicate from any path that
-- would skip the lock. The functions stay SECURITY DEFINER (integration_outbox_privileges).

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE OR REPLACE FUNCTION rental.rentals_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
        RETURN NULL;
    END IF;
    INSERT INTO rental.outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
    SELECT 'rental', NEW.id, coalesce(max(e.aggregate_version), 0) + 1,
           'rental.' || CASE NEW.status WHEN 'active' THEN 'activated' ELSE NEW.status END,
           jsonb_build_object('rental_id', NEW.id, 'vehicle_id', NEW.vehicle_id, 'customer_id', NEW.customer_id,
                              'pickup_at', lower(NEW.period), 'return_at', upper(NEW.period),
                              'status', NEW.status, 'currency', NEW.currency)
    FROM rental.outbox_events AS e
    WHERE e.aggregate_type = 'rental' AND e.aggregate_id = NEW.id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION rental.rentals_publish() IS
    'AFTER INSERT OR UPDATE OF status trigger: writes rental.reserved|activated|completed|cancelled|no_show to rental.outbox_events, as the rental''s next version.';

CREATE OR REPLACE FUNCTION fleet.odometer_readings_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO fleet.outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
    SELECT 'vehicle', NEW.vehicle_id, coalesce(max(e.aggregate_version), 0) + 1, 'odometer.recorded',
           jsonb_build_object('reading_id', NEW.id, 'vehicle_id', NEW.vehicle_id, 'reading_km', NEW.reading_km,
                              'read_at', NEW.read_at, 'source', NEW.source)
    FROM fleet.outbox_events AS e
    WHERE e.aggregate_type = 'vehicle' AND e.aggregate_id = NEW.vehicle_id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fleet.odometer_readings_publish() IS
    'AFTER INSERT trigger: writes odometer.recorded to fleet.outbox_events in the same transaction, as the vehicle''s next version.';

CREATE OR REPLACE FUNCTION maintenance.jobs_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO maintenance.outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
    SELECT 'maintenance_job', NEW.id, coalesce(max(e.aggregate_version), 0) + 1, 'maintenance.job_completed',
           jsonb_build_object('job_id', NEW.id, 'vehicle_id', NEW.vehicle_id, 'kind', NEW.kind,
                              'odometer_km', NEW.odometer_km, 'currency', NEW.currency)
    FROM maintenance.outbox_events AS e
    WHERE e.aggregate_type = 'maintenance_job' AND e.aggregate_id = NEW.id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION maintenance.jobs_publish() IS
    'AFTER UPDATE OF status trigger: writes maintenance.job_completed to maintenance.outbox_events, as the job''s next version.';

CREATE OR REPLACE FUNCTION accounting.journal_entries_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO accounting.outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
    SELECT 'journal_entry', NEW.id, coalesce(max(e.aggregate_version), 0) + 1, 'accounting.entry_posted',
           jsonb_build_object('entry_id', NEW.id, 'source', NEW.source,
                              'external_reference', NEW.external_reference, 'posting_date', NEW.posting_date,
                              'currency', NEW.currency, 'reverses_entry_id', NEW.reverses_entry_id)
    FROM accounting.outbox_events AS e
    WHERE e.aggregate_type = 'journal_entry' AND e.aggregate_id = NEW.id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION accounting.journal_entries_publish() IS
    'AFTER INSERT trigger: writes accounting.entry_posted to accounting.outbox_events, as the entry''s version 1.';

COMMIT;
