-- Deploy fleetdb:rental_branch_board_idx to pg
-- requires: rental_rentals

-- The branch board (read path rentals_overlapping_period_at_location) asks for a branch's bookings that
-- overlap a day or a week. The GiST index (pickup_location_id, period) answers it in one probe, but
-- its pages hold bookings of many branches over the whole history (it is built by insertion: no
-- sorted build for ranges), so at scale 1000 a probe visits many pages for ~50 bookings. Instead:
-- - rentals_pickup_location_start_idx, a B-tree on (pickup_location_id, lower(period), upper(period)):
--   a booking of at most 30 days that overlaps the period was picked up less than 30 days before it
--   starts, so the branch's pickups from 30 days before the period to its end are one range read, and
--   upper(period) is checked in the index (no table visit for a booking that ended before);
-- - rentals_long_pickup_location_period_idx, the same GiST for bookings longer than 30 days only
--   (partial: it stays as small as the long bookings are few), for those picked up earlier.
-- The B-tree also supports rentals_pickup_location_fk.
--
-- Not transactional: CREATE INDEX CONCURRENTLY cannot run inside BEGIN … COMMIT, and rentals are
-- written all the time. A concurrent build that failed leaves an invalid index: each is dropped first,
-- so running the deploy again starts clean.

SET lock_timeout = '5s';
SET client_min_messages = warning;  -- no NOTICE in the DBA's log for an IF EXISTS that finds nothing

DROP INDEX CONCURRENTLY IF EXISTS rental.rentals_pickup_location_start_idx;
CREATE INDEX CONCURRENTLY rentals_pickup_location_start_idx
    ON rental.rentals (pickup_location_id, lower(period), upper(period));
DROP INDEX CONCURRENTLY IF EXISTS rental.rentals_long_pickup_location_period_idx;
CREATE INDEX CONCURRENTLY rentals_long_pickup_location_period_idx
    ON rental.rentals USING gist (pickup_location_id, period)
    WHERE upper(period) - lower(period) > interval '30 days';
