-- Verify fleetdb:fleet_odometer_guard on pg

BEGIN;

SELECT shared.assert_function('fleet.odometer_readings_check_monotonic()', p_security_definer => true);
SELECT shared.assert_triggers('fleet.odometer_readings', ARRAY[
    'odometer_readings_monotonic_trg:fleet.odometer_readings_check_monotonic()']);
-- PL/pgSQL records no dependency on the tables it uses: the body itself must write the guard.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_proc WHERE oid = 'fleet.odometer_readings_check_monotonic()'::regprocedure
                   AND prosrc LIKE '%INSERT INTO fleet.vehicle_guards%''odometer''%') THEN
        RAISE EXCEPTION 'fleet.odometer_readings_check_monotonic() does not write the odometer guard row';
    END IF;
END
$$;

ROLLBACK;
