-- Verify fleetdb:online_concurrent_index on pg
BEGIN;
SELECT 1 / count(*) FROM pg_indexes WHERE schemaname = 'fleet' AND indexname = 'odometer_readings_online_read_at_idx';
ROLLBACK;
