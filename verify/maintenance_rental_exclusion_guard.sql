-- Verify fleetdb:maintenance_rental_exclusion_guard on pg

BEGIN;

SELECT shared.assert_function('rental.rentals_check_maintenance_overlap()', p_security_definer => true);
SELECT shared.assert_function('maintenance.jobs_check_rental_overlap()', p_security_definer => true);
-- PL/pgSQL records no dependency on the tables it uses: both bodies must write the bookings guard.
DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(signature, ', ') INTO missing
    FROM unnest(ARRAY['rental.rentals_check_maintenance_overlap()', 'maintenance.jobs_check_rental_overlap()']) AS signature
    WHERE NOT EXISTS (SELECT FROM pg_proc WHERE oid = signature::regprocedure
                      AND prosrc LIKE '%INSERT INTO fleet.vehicle_guards%''bookings''%');
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION '% do(es) not write the bookings guard row', missing;
    END IF;
END
$$;

ROLLBACK;
