-- Deploy fleetdb:rental_bookings_live_only to pg
-- requires: rental_retired_vehicle_guard
-- requires: maintenance_rental_exclusion_guard

-- The retired-vehicle and maintenance checks of a booking run only for rows that are live after the
-- write (WHEN (NEW.status IN ('reserved', 'active')), evaluated without a PL/pgSQL call): both
-- functions returned at once for any other row, after a call that cost about 80 us on 2 cores. An
-- UPDATE that completes, cancels or marks a no-show (most status changes) now calls neither.
--
-- Why the checks stay row-level: as AFTER ... FOR EACH STATEMENT triggers they write the vehicle's
-- bookings guard after the statement's rows are in the table, so two concurrent overlapping bookings
-- of one vehicle both reach the exclusion index before either waits on the guard, and each waits on
-- the other's row there: 40P01 for one of them instead of 23P01 rentals_no_overlap_excl. Row by row,
-- the guard is written before the row goes into the index, and the second booking waits on it.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

-- CREATE OR REPLACE TRIGGER takes SHARE ROW EXCLUSIVE (writes wait a moment, reads go on).
CREATE OR REPLACE TRIGGER rentals_vehicle_bookable_trg
    BEFORE INSERT OR UPDATE OF vehicle_id, period, status ON rental.rentals
    FOR EACH ROW WHEN (NEW.status IN ('reserved', 'active'))
    EXECUTE FUNCTION rental.rentals_check_vehicle_bookable();
CREATE OR REPLACE TRIGGER rentals_no_maintenance_overlap_trg
    BEFORE INSERT OR UPDATE OF vehicle_id, period, status ON rental.rentals
    FOR EACH ROW WHEN (NEW.status IN ('reserved', 'active'))
    EXECUTE FUNCTION rental.rentals_check_maintenance_overlap();

COMMIT;
