-- Deploy fleetdb:online_validated_check to pg
-- Deliberately bad: ADD CONSTRAINT … CHECK without NOT VALID scans every row under ACCESS EXCLUSIVE.
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE fleet.odometer_readings ADD CONSTRAINT odometer_readings_online_km_ck CHECK (reading_km < 9000000);
COMMIT;
