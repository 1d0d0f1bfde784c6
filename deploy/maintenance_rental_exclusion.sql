-- Deploy fleetdb:maintenance_rental_exclusion to pg
-- requires: maintenance_jobs
-- requires: rental_rentals

-- RENT-MAINTENANCE-EXCLUSION: a vehicle with a scheduled or in-progress maintenance job cannot be
-- booked (reserved/active) for an overlapping period, and vice versa. An exclusion constraint
-- cannot span two tables, so each side has a trigger that first locks the vehicle row
-- (SELECT ... FOR NO KEY UPDATE on fleet.vehicles) and then looks at the other table. Both sides
-- take the same lock, so a booking and a job for one vehicle are checked one after the other; at
-- READ COMMITTED the look-up after the lock uses a fresh snapshot and sees what the other side
-- committed. FOR NO KEY UPDATE does not conflict with the KEY SHARE locks of foreign key checks.
-- The functions are SECURITY DEFINER because the application may not lock vehicles nor read the
-- other module's table.

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE FUNCTION rental.rentals_check_maintenance_overlap() RETURNS trigger
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
REVOKE EXECUTE ON FUNCTION rental.rentals_check_maintenance_overlap() FROM PUBLIC;

CREATE TRIGGER rentals_no_maintenance_overlap_trg
    BEFORE INSERT OR UPDATE OF vehicle_id, period, status ON rental.rentals
    FOR EACH ROW EXECUTE FUNCTION rental.rentals_check_maintenance_overlap();

CREATE FUNCTION maintenance.jobs_check_rental_overlap() RETURNS trigger
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
REVOKE EXECUTE ON FUNCTION maintenance.jobs_check_rental_overlap() FROM PUBLIC;

CREATE TRIGGER jobs_no_rental_overlap_trg
    BEFORE INSERT OR UPDATE OF vehicle_id, scheduled_window, status ON maintenance.jobs
    FOR EACH ROW EXECUTE FUNCTION maintenance.jobs_check_rental_overlap();

COMMIT;
