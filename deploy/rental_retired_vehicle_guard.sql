-- Deploy fleetdb:rental_retired_vehicle_guard to pg
-- requires: rental_rentals
-- requires: fleet_vehicle_guards
-- requires: fleet_vehicle_status_transition
-- requires: shared_check_rollout

-- RENT-RETIRED-VEHICLE as a state: a retired vehicle has no live (reserved or active) booking.
-- v1.0 refused new bookings of a retired vehicle, but activated an existing reservation of it, and
-- retired a vehicle whatever it had booked. Now:
-- - retirement is refused while the vehicle has live bookings (vehicles_retirement_trg, 55000): the
--   database does not cancel them on its own, because a booking is a promise to a customer that
--   someone has to keep with another vehicle or call off; cancel or move them first, in the same
--   transaction if you like;
-- - every write that puts a booking in scope is checked: insert, a move to another vehicle, a period
--   change, and every status change into reserved/active (reserved -> active included, which v1.0
--   skipped).
-- Both sides first write the vehicle's bookings guard row (fleet.vehicle_guards, as bookings and
-- maintenance jobs do), so a booking and a retirement of one vehicle conflict on a real write at every
-- isolation level: the later one waits and then sees the earlier (READ COMMITTED) or fails with 40001.
-- The booking side no longer locks the vehicle row: the guard row replaces that lock.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

-- No vehicle can be retired while the data is checked (the lock lets reads and bookings go on).
LOCK TABLE fleet.vehicles IN SHARE ROW EXCLUSIVE MODE;
CALL shared.refuse_rows(
    'live booking(s) of retired vehicles',
    $$SELECT 'vehicles_retirement_trg',
             format('rental %s (%s, %s) of retired vehicle %s', r.id, r.status, r.period, v.id)
      FROM fleet.vehicles AS v JOIN rental.rentals AS r ON r.vehicle_id = v.id
      WHERE v.status = 'retired' AND r.status IN ('reserved', 'active')
      ORDER BY v.id, lower(r.period)$$,
    'Cancel these bookings or move them to a vehicle in service (complete an active one), then deploy again.');

CREATE FUNCTION fleet.vehicles_check_retirement() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    live_count   bigint;
    first_rental uuid;
BEGIN
    INSERT INTO fleet.vehicle_guards AS g (vehicle_id, concern) VALUES (NEW.id, 'bookings')
    ON CONFLICT ON CONSTRAINT vehicle_guards_pk DO UPDATE SET version = g.version + 1;
    SELECT count(*), (array_agg(r.id ORDER BY lower(r.period)))[1] INTO live_count, first_rental
    FROM rental.rentals AS r
    WHERE r.vehicle_id = NEW.id AND r.status IN ('reserved', 'active');
    IF live_count > 0 THEN
        RAISE EXCEPTION 'vehicle % has % live booking(s) (the first: rental %) and cannot be retired',
                NEW.id, live_count, first_rental
            USING ERRCODE = '55000', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Cancel its reservations or move them to another vehicle and complete its active rental '
                         'first (in the same transaction if you like).';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fleet.vehicles_check_retirement() IS
    'BEFORE UPDATE OF status trigger (to retired): writes the vehicle''s bookings guard row, then refuses the retirement of a vehicle with live bookings.';
REVOKE EXECUTE ON FUNCTION fleet.vehicles_check_retirement() FROM PUBLIC;

CREATE TRIGGER vehicles_retirement_trg BEFORE UPDATE OF status ON fleet.vehicles
    FOR EACH ROW WHEN (NEW.status = 'retired' AND OLD.status IS DISTINCT FROM 'retired')
    EXECUTE FUNCTION fleet.vehicles_check_retirement();

CREATE OR REPLACE FUNCTION rental.rentals_check_vehicle_bookable() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    vehicle_status text;
BEGIN
    IF NEW.status NOT IN ('reserved', 'active') OR (TG_OP = 'UPDATE' AND NEW.status = OLD.status
            AND NEW.vehicle_id = OLD.vehicle_id AND NEW.period = OLD.period) THEN
        RETURN NEW;
    END IF;
    INSERT INTO fleet.vehicle_guards AS g (vehicle_id, concern) VALUES (NEW.vehicle_id, 'bookings')
    ON CONFLICT ON CONSTRAINT vehicle_guards_pk DO UPDATE SET version = g.version + 1;
    SELECT status INTO vehicle_status FROM fleet.vehicles WHERE id = NEW.vehicle_id;
    IF vehicle_status = 'retired' THEN
        RAISE EXCEPTION 'vehicle % is retired and cannot be booked', NEW.vehicle_id
            USING ERRCODE = '55000', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'A retired vehicle takes no booking: none is made, moved to it or activated.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION rental.rentals_check_vehicle_bookable() IS
    'BEFORE INSERT OR UPDATE trigger: writes the vehicle''s bookings guard row, then rejects a booking of a retired vehicle (new, moved, rescheduled or activated).';

COMMIT;
