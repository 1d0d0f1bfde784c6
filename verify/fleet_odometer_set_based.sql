-- Verify fleetdb:fleet_odometer_set_based on pg

BEGIN;

SELECT shared.assert_function('fleet.odometer_readings_check_monotonic()', p_security_definer => true);
SELECT shared.assert_function('fleet.odometer_readings_publish()', p_security_definer => true);
SELECT shared.assert_triggers('fleet.odometer_readings', ARRAY[
    'odometer_readings_monotonic_trg:fleet.odometer_readings_check_monotonic()',
    'odometer_readings_outbox_trg:fleet.odometer_readings_publish()']);
-- Both fire once per INSERT statement (tgtype: bit 0 = row, bit 1 = before, bit 2 = insert), after
-- it, with the statement's rows as new_readings.
DO $$
DECLARE
    wrong text;
BEGIN
    SELECT string_agg(want.name, ', ') INTO wrong
    FROM unnest(ARRAY['odometer_readings_monotonic_trg', 'odometer_readings_outbox_trg']) AS want(name)
    LEFT JOIN pg_trigger AS t ON t.tgrelid = 'fleet.odometer_readings'::regclass AND t.tgname = want.name
    WHERE t.tgname IS NULL OR t.tgtype & 7 <> 4 OR t.tgnewtable IS DISTINCT FROM 'new_readings';
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'not AFTER INSERT FOR EACH STATEMENT REFERENCING NEW TABLE AS new_readings: %', wrong;
    END IF;
END
$$;
-- The reworked bodies: one event per vehicle per statement (odometer.readings_recorded for a vehicle
-- with several rows), and the one-row path of the check.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_proc WHERE oid = 'fleet.odometer_readings_publish()'::regprocedure
                   AND prosrc LIKE '%''odometer.readings_recorded''%GROUP BY n.vehicle_id%') THEN
        RAISE EXCEPTION 'fleet.odometer_readings_publish() does not publish one event per vehicle per statement';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_proc WHERE oid = 'fleet.odometer_readings_check_monotonic()'::regprocedure
                   AND prosrc LIKE '%IF one.rows = 1 THEN%') THEN
        RAISE EXCEPTION 'fleet.odometer_readings_check_monotonic() has no one-row path';
    END IF;
END
$$;

ROLLBACK;
