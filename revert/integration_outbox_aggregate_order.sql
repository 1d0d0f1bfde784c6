-- Revert fleetdb:integration_outbox_aggregate_order from pg

-- The publishing functions as v1.0 shipped them (deploy/<module>_outbox.sql), comments included, but
-- still SECURITY DEFINER: integration_outbox_privileges, deployed before this change, made them so.

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
    INSERT INTO rental.outbox_events (aggregate_type, aggregate_id, event_type, payload)
    VALUES ('rental', NEW.id,
            'rental.' || CASE NEW.status WHEN 'active' THEN 'activated' ELSE NEW.status END,
            jsonb_build_object('rental_id', NEW.id, 'vehicle_id', NEW.vehicle_id, 'customer_id', NEW.customer_id,
                               'pickup_at', lower(NEW.period), 'return_at', upper(NEW.period),
                               'status', NEW.status, 'currency', NEW.currency));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION rental.rentals_publish() IS
    'AFTER INSERT OR UPDATE OF status trigger: writes rental.reserved|activated|completed|cancelled|no_show to rental.outbox_events.';

CREATE OR REPLACE FUNCTION fleet.odometer_readings_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO fleet.outbox_events (aggregate_type, aggregate_id, event_type, payload)
    VALUES ('vehicle', NEW.vehicle_id, 'odometer.recorded',
            jsonb_build_object('reading_id', NEW.id, 'vehicle_id', NEW.vehicle_id, 'reading_km', NEW.reading_km,
                               'read_at', NEW.read_at, 'source', NEW.source));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fleet.odometer_readings_publish() IS
    'AFTER INSERT trigger: writes odometer.recorded to fleet.outbox_events in the same transaction.';

CREATE OR REPLACE FUNCTION maintenance.jobs_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO maintenance.outbox_events (aggregate_type, aggregate_id, event_type, payload)
    VALUES ('maintenance_job', NEW.id, 'maintenance.job_completed',
            jsonb_build_object('job_id', NEW.id, 'vehicle_id', NEW.vehicle_id, 'kind', NEW.kind,
                               'odometer_km', NEW.odometer_km, 'currency', NEW.currency));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION maintenance.jobs_publish() IS
    'AFTER UPDATE OF status trigger: writes maintenance.job_completed to maintenance.outbox_events.';

CREATE OR REPLACE FUNCTION accounting.journal_entries_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO accounting.outbox_events (aggregate_type, aggregate_id, event_type, payload)
    VALUES ('journal_entry', NEW.id, 'accounting.entry_posted',
            jsonb_build_object('entry_id', NEW.id, 'source', NEW.source,
                               'external_reference', NEW.external_reference, 'posting_date', NEW.posting_date,
                               'currency', NEW.currency, 'reverses_entry_id', NEW.reverses_entry_id));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION accounting.journal_entries_publish() IS
    'AFTER INSERT trigger: writes accounting.entry_posted to accounting.outbox_events.';

COMMIT;
