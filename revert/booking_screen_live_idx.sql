-- Revert fleetdb:booking_screen_live_idx from pg
-- Not transactional, like the deploy.

SET lock_timeout = '5s';

DROP INDEX CONCURRENTLY IF EXISTS maintenance.jobs_open_vehicle_start_idx;
DROP INDEX CONCURRENTLY IF EXISTS rental.rentals_live_vehicle_pickup_idx;
