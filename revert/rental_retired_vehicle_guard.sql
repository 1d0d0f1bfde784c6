-- Revert fleetdb:rental_retired_vehicle_guard from pg

-- The booking check as v1.0 shipped it (deploy/rental_rentals.sql), comment included; no retirement rule.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

CREATE OR REPLACE FUNCTION rental.rentals_check_vehicle_bookable() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    vehicle_status text;
BEGIN
    IF NEW.status NOT IN ('reserved', 'active') OR (TG_OP = 'UPDATE' AND OLD.status IN ('reserved', 'active')
            AND NEW.vehicle_id = OLD.vehicle_id AND NEW.period = OLD.period) THEN
        RETURN NEW;
    END IF;
    SELECT status INTO vehicle_status FROM fleet.vehicles WHERE id = NEW.vehicle_id FOR NO KEY UPDATE;
    IF vehicle_status = 'retired' THEN
        RAISE EXCEPTION 'vehicle % is retired and cannot be booked', NEW.vehicle_id
            USING ERRCODE = '55000', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION rental.rentals_check_vehicle_bookable() IS
    'BEFORE INSERT OR UPDATE trigger: locks the vehicle row and rejects bookings of a retired vehicle.';

DROP TRIGGER vehicles_retirement_trg ON fleet.vehicles;
DROP FUNCTION fleet.vehicles_check_retirement();

COMMIT;
