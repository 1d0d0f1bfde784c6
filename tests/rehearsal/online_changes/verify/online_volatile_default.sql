-- Verify fleetdb:online_volatile_default on pg
BEGIN;
SELECT online_seen_at FROM fleet.odometer_readings WHERE false;
ROLLBACK;
