-- Verify fleetdb:rental_branch_board_idx on pg

BEGIN;

-- assert_indexes also requires them valid (a failed concurrent build leaves an invalid one).
SELECT shared.assert_indexes('rental.rentals',
                             ARRAY['rentals_pickup_location_start_idx', 'rentals_long_pickup_location_period_idx']);

ROLLBACK;
