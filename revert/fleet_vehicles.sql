-- Revert fleetdb:fleet_vehicles from pg

BEGIN;

DROP TABLE fleet.vehicles;

COMMIT;
