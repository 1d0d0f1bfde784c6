-- Deploy fleetdb:online_plain_index to pg
-- Deliberately bad: CREATE INDEX without CONCURRENTLY holds SHARE on the table while it builds.
BEGIN;
SET LOCAL lock_timeout = '5s';
CREATE INDEX odometer_readings_online_km_idx ON fleet.odometer_readings (reading_km);
COMMIT;
