-- Deploy fleetdb:online_volatile_default to pg
-- Deliberately bad: a volatile default is evaluated for every existing row, so the table is rewritten
-- under ACCESS EXCLUSIVE.
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE fleet.odometer_readings ADD COLUMN online_seen_at timestamptz DEFAULT clock_timestamp();
COMMIT;
