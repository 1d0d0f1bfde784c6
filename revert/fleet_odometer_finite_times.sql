-- Revert fleetdb:fleet_odometer_finite_times from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE fleet.odometer_corrections DROP CONSTRAINT IF EXISTS odometer_corrections_effective_at_finite_ck;
ALTER TABLE fleet.odometer_readings DROP CONSTRAINT IF EXISTS odometer_readings_read_at_finite_ck;

COMMIT;
