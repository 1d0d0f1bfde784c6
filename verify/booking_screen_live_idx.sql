-- Verify fleetdb:booking_screen_live_idx on pg

BEGIN;

-- assert_indexes also requires them valid (a failed concurrent build leaves an invalid one).
SELECT shared.assert_indexes('rental.rentals', ARRAY['rentals_live_vehicle_pickup_idx']);
SELECT shared.assert_indexes('maintenance.jobs', ARRAY['jobs_open_vehicle_start_idx']);

ROLLBACK;
