-- Revert fleetdb:online_concurrent_index from pg
SET lock_timeout = '5s';
DROP INDEX CONCURRENTLY IF EXISTS fleet.odometer_readings_online_read_at_idx;
