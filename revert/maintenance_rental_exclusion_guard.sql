-- Revert fleetdb:maintenance_rental_exclusion_guard from pg

-- Both checks as v1.0 shipped them (deploy/maintenance_rental_exclusion.sql), comments included.

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE OR REPLACE FUNCTION rental.rentals_check_maintenance_overlap() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    job_id uuid;
BEGIN
    IF NEW.status NOT IN ('reserved', 'active') OR (TG_OP = 'UPDATE' AND OLD.status IN ('reserved', 'active')
            AND NEW.vehicle_id = OLD.vehicle_id AND NEW.period = OLD.period) THEN
        RETURN NEW;
    END IF;
    PERFORM FROM fleet.vehicles WHERE id = NEW.vehicle_id FOR NO KEY UPDATE;
    SELECT j.id INTO job_id FROM maintenance.jobs j
    WHERE j.vehicle_id = NEW.vehicle_id AND j.status IN ('scheduled', 'in_progress')
      AND j.scheduled_window && NEW.period
    LIMIT 1;
    IF job_id IS NOT NULL THEN
        RAISE EXCEPTION 'vehicle % is in maintenance (job %) during %', NEW.vehicle_id, job_id, NEW.period
            USING ERRCODE = '23P01', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION rental.rentals_check_maintenance_overlap() IS
    'BEFORE INSERT OR UPDATE trigger: locks the vehicle and rejects a booking overlapping an open maintenance job.';

CREATE OR REPLACE FUNCTION maintenance.jobs_check_rental_overlap() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rental_id uuid;
BEGIN
    IF NEW.status NOT IN ('scheduled', 'in_progress') OR (TG_OP = 'UPDATE'
            AND OLD.status IN ('scheduled', 'in_progress') AND NEW.vehicle_id = OLD.vehicle_id
            AND NEW.scheduled_window = OLD.scheduled_window) THEN
        RETURN NEW;
    END IF;
    PERFORM FROM fleet.vehicles WHERE id = NEW.vehicle_id FOR NO KEY UPDATE;
    SELECT r.id INTO rental_id FROM rental.rentals r
    WHERE r.vehicle_id = NEW.vehicle_id AND r.status IN ('reserved', 'active')
      AND r.period && NEW.scheduled_window
    LIMIT 1;
    IF rental_id IS NOT NULL THEN
        RAISE EXCEPTION 'vehicle % is booked (rental %) during %', NEW.vehicle_id, rental_id, NEW.scheduled_window
            USING ERRCODE = '23P01', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION maintenance.jobs_check_rental_overlap() IS
    'BEFORE INSERT OR UPDATE trigger: locks the vehicle and rejects an open job overlapping a live booking.';

COMMIT;
