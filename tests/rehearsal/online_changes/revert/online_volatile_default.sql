-- Revert fleetdb:online_volatile_default from pg
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE fleet.odometer_readings DROP COLUMN online_seen_at;
COMMIT;
