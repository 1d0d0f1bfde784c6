-- Verify fleetdb:fleet_odometer_finite_times on pg

BEGIN;

-- assert_constraints also requires them validated.
SELECT shared.assert_constraints('fleet.odometer_readings', ARRAY['odometer_readings_read_at_finite_ck']);
SELECT shared.assert_constraints('fleet.odometer_corrections', ARRAY['odometer_corrections_effective_at_finite_ck']);

ROLLBACK;
