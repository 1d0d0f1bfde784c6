-- Revert fleetdb:fleet_odometer_readings from pg

BEGIN;

DROP TABLE fleet.odometer_readings;
DROP FUNCTION fleet.odometer_readings_check_monotonic();
DROP TABLE fleet.odometer_corrections;

COMMIT;
