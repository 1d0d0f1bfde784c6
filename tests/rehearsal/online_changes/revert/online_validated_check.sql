-- Revert fleetdb:online_validated_check from pg
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE fleet.odometer_readings DROP CONSTRAINT odometer_readings_online_km_ck;
COMMIT;
