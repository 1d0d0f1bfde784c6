-- Revert fleetdb:rental_locations from pg

BEGIN;

DROP TABLE rental.locations;

COMMIT;
