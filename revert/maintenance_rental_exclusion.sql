-- Revert fleetdb:maintenance_rental_exclusion from pg

BEGIN;

DROP TRIGGER jobs_no_rental_overlap_trg ON maintenance.jobs;
DROP FUNCTION maintenance.jobs_check_rental_overlap();
DROP TRIGGER rentals_no_maintenance_overlap_trg ON rental.rentals;
DROP FUNCTION rental.rentals_check_maintenance_overlap();

COMMIT;
