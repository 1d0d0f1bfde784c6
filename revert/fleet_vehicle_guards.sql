-- Revert fleetdb:fleet_vehicle_guards from pg

BEGIN;

DROP TABLE fleet.vehicle_guards;

COMMIT;
