-- Revert fleetdb:fleet_vehicle_status_transition from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

DROP TRIGGER vehicles_status_transition_trg ON fleet.vehicles;
DROP FUNCTION fleet.vehicles_check_status_transition();

COMMIT;
