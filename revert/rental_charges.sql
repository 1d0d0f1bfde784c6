-- Revert fleetdb:rental_charges from pg

BEGIN;

DROP TABLE rental.charges;

COMMIT;
