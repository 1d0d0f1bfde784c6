-- Verify fleetdb:rental_retired_vehicle_guard on pg

BEGIN;

SELECT shared.assert_function('fleet.vehicles_check_retirement()', p_security_definer => true);
SELECT shared.assert_function('rental.rentals_check_vehicle_bookable()', p_security_definer => true);
SELECT shared.assert_triggers('fleet.vehicles', ARRAY['vehicles_retirement_trg:fleet.vehicles_check_retirement()']);
-- PL/pgSQL records no dependency on the tables it uses: both bodies must write the bookings guard, and
-- the booking check must no longer skip a status change (v1.0 let reserved -> active through).
DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(signature, ', ') INTO missing
    FROM unnest(ARRAY['fleet.vehicles_check_retirement()', 'rental.rentals_check_vehicle_bookable()']) AS signature
    WHERE NOT EXISTS (SELECT FROM pg_proc WHERE oid = signature::regprocedure
                      AND prosrc LIKE '%INSERT INTO fleet.vehicle_guards%''bookings''%');
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION '% do(es) not write the bookings guard row', missing;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_proc WHERE oid = 'rental.rentals_check_vehicle_bookable()'::regprocedure
                   AND prosrc LIKE '%NEW.status = OLD.status%') THEN
        RAISE EXCEPTION 'rental.rentals_check_vehicle_bookable() still skips status changes of live bookings';
    END IF;
END
$$;

ROLLBACK;
