-- Deploy fleetdb:maintenance_rental_exclusion_guard to pg
-- requires: fleet_vehicle_guards
-- requires: maintenance_rental_exclusion

-- RENT-MAINTENANCE-EXCLUSION at every isolation level. v1.0 locked the vehicle row without changing
-- it and then looked at the other table: at REPEATABLE READ a booking and an overlapping job committed
-- together (each read its own snapshot, in both orders). Now both sides first write the vehicle's
-- bookings guard row (fleet.vehicle_guards): the later one waits (READ COMMITTED, then sees the
-- earlier) or fails with 40001 (REPEATABLE READ, SERIALIZABLE). Two bookings of one vehicle take turns
-- on the same row; the exclusion constraint between bookings is unchanged.

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
    INSERT INTO fleet.vehicle_guards AS g (vehicle_id, concern) VALUES (NEW.vehicle_id, 'bookings')
    ON CONFLICT ON CONSTRAINT vehicle_guards_pk DO UPDATE SET version = g.version + 1;
    SELECT j.id INTO job_id FROM maintenance.jobs j
    WHERE j.vehicle_id = NEW.vehicle_id AND j.status IN ('scheduled', 'in_progress')
      AND j.scheduled_window && NEW.period
    LIMIT 1;
    IF job_id IS NOT NULL THEN
        RAISE EXCEPTION 'vehicle % is in maintenance (job %) during %', NEW.vehicle_id, job_id, NEW.period
            USING ERRCODE = '23P01', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Choose another period or vehicle, or reschedule the maintenance job.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION rental.rentals_check_maintenance_overlap() IS
    'BEFORE INSERT OR UPDATE trigger: writes the vehicle''s bookings guard row, then rejects a booking overlapping an open maintenance job.';

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
    INSERT INTO fleet.vehicle_guards AS g (vehicle_id, concern) VALUES (NEW.vehicle_id, 'bookings')
    ON CONFLICT ON CONSTRAINT vehicle_guards_pk DO UPDATE SET version = g.version + 1;
    SELECT r.id INTO rental_id FROM rental.rentals r
    WHERE r.vehicle_id = NEW.vehicle_id AND r.status IN ('reserved', 'active')
      AND r.period && NEW.scheduled_window
    LIMIT 1;
    IF rental_id IS NOT NULL THEN
        RAISE EXCEPTION 'vehicle % is booked (rental %) during %', NEW.vehicle_id, rental_id, NEW.scheduled_window
            USING ERRCODE = '23P01', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Choose another window, or move or cancel the booking first.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION maintenance.jobs_check_rental_overlap() IS
    'BEFORE INSERT OR UPDATE trigger: writes the vehicle''s bookings guard row, then rejects an open job overlapping a live booking.';

COMMIT;
