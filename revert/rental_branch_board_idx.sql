-- Revert fleetdb:rental_branch_board_idx from pg
-- Not transactional, like the deploy.

SET lock_timeout = '5s';

DROP INDEX CONCURRENTLY IF EXISTS rental.rentals_long_pickup_location_period_idx;
DROP INDEX CONCURRENTLY IF EXISTS rental.rentals_pickup_location_start_idx;
