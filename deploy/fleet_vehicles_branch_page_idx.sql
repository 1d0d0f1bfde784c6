-- Deploy fleetdb:fleet_vehicles_branch_page_idx to pg
-- requires: fleet_vehicles

-- A page of a branch's vehicles (read path vehicles_page_with_odometer, keyset on id) read the whole
-- branch through vehicles_home_location_id_idx (home_location_id), sorted it by id and kept the first
-- page. The same index with id as its second column gives the page in order: one range read of the
-- page's entries, no sort, and only the page's vehicles are fetched. It still supports
-- vehicles_home_location_fk, and keeps its name, which the released verify of fleet_vehicles asserts.
--
-- Not transactional: CREATE INDEX CONCURRENTLY cannot run inside BEGIN … COMMIT, and vehicles are
-- read all the time. The new index is built beside the old one under a name of its own, the old one
-- dropped, and the new one renamed; a deploy that stopped part way (a failed build leaves an invalid
-- index) starts again from the top and ends in the same place.

SET lock_timeout = '5s';
SET client_min_messages = warning;  -- no NOTICE in the DBA's log for an IF EXISTS that finds nothing

DROP INDEX CONCURRENTLY IF EXISTS fleet.vehicles_home_location_id_idx_next;
CREATE INDEX CONCURRENTLY vehicles_home_location_id_idx_next ON fleet.vehicles (home_location_id, id);
DROP INDEX CONCURRENTLY IF EXISTS fleet.vehicles_home_location_id_idx;
ALTER INDEX fleet.vehicles_home_location_id_idx_next RENAME TO vehicles_home_location_id_idx;
