-- Deploy fleetdb:online_concurrent_index to pg
-- Good: built CONCURRENTLY (no BEGIN/COMMIT: sqitch runs the script outside a transaction), writes go
-- on; an invalid index left by an interrupted build is dropped first.
SET lock_timeout = '5s';
DROP INDEX CONCURRENTLY IF EXISTS fleet.odometer_readings_online_read_at_idx;
CREATE INDEX CONCURRENTLY odometer_readings_online_read_at_idx ON fleet.odometer_readings (read_at);
