-- Revert fleetdb:fleet_vehicles_branch_page_idx from pg
-- Not transactional, like the deploy: the index of fleet_vehicles (home_location_id) is built beside
-- the two-column one, which is then dropped, and takes the name back.

SET lock_timeout = '5s';
SET client_min_messages = warning;

DROP INDEX CONCURRENTLY IF EXISTS fleet.vehicles_home_location_id_idx_next;
CREATE INDEX CONCURRENTLY vehicles_home_location_id_idx_next ON fleet.vehicles (home_location_id);
DROP INDEX CONCURRENTLY IF EXISTS fleet.vehicles_home_location_id_idx;
ALTER INDEX fleet.vehicles_home_location_id_idx_next RENAME TO vehicles_home_location_id_idx;
