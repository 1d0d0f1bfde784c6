-- Revert fleetdb:online_plain_index from pg
BEGIN;
DROP INDEX fleet.odometer_readings_online_km_idx;
COMMIT;
