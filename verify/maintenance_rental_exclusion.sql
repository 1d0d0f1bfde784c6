-- Verify fleetdb:maintenance_rental_exclusion on pg

BEGIN;

SELECT shared.assert_function('rental.rentals_check_maintenance_overlap()', p_security_definer => true);
SELECT shared.assert_triggers('rental.rentals', ARRAY[
    'rentals_no_maintenance_overlap_trg:rental.rentals_check_maintenance_overlap()']);
SELECT shared.assert_function('maintenance.jobs_check_rental_overlap()', p_security_definer => true);
SELECT shared.assert_triggers('maintenance.jobs', ARRAY[
    'jobs_no_rental_overlap_trg:maintenance.jobs_check_rental_overlap()']);

ROLLBACK;
