-- Verify fleetdb:fleet_vehicle_status_transition on pg

BEGIN;

SELECT shared.assert_function('fleet.vehicles_check_status_transition()');
SELECT shared.assert_triggers('fleet.vehicles', ARRAY[
    'vehicles_status_transition_trg:fleet.vehicles_check_status_transition()']);

ROLLBACK;
