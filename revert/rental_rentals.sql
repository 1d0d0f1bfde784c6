-- Revert fleetdb:rental_rentals from pg

BEGIN;

DROP TABLE rental.rentals;
DROP FUNCTION rental.rentals_check_vehicle_bookable();
DROP FUNCTION rental.rentals_check_status_transition();

COMMIT;
