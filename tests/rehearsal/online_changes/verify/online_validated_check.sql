-- Verify fleetdb:online_validated_check on pg
BEGIN;
SELECT 1 / count(*) FROM pg_constraint WHERE conname = 'odometer_readings_online_km_ck' AND convalidated;
ROLLBACK;
