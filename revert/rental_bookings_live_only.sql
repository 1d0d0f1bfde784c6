-- Revert fleetdb:rental_bookings_live_only from pg

-- Both checks called for every row again (they return at once for a row that is not live).

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

CREATE OR REPLACE TRIGGER rentals_vehicle_bookable_trg
    BEFORE INSERT OR UPDATE OF vehicle_id, period, status ON rental.rentals
    FOR EACH ROW EXECUTE FUNCTION rental.rentals_check_vehicle_bookable();
CREATE OR REPLACE TRIGGER rentals_no_maintenance_overlap_trg
    BEFORE INSERT OR UPDATE OF vehicle_id, period, status ON rental.rentals
    FOR EACH ROW EXECUTE FUNCTION rental.rentals_check_maintenance_overlap();

COMMIT;
