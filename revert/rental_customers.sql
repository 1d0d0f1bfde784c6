-- Revert fleetdb:rental_customers from pg

BEGIN;

DROP TABLE rental.customers;

COMMIT;
