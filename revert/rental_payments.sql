-- Revert fleetdb:rental_payments from pg

BEGIN;

DROP TABLE rental.refunds;
DROP FUNCTION rental.refunds_check_within_payment();
DROP TABLE rental.payments;

COMMIT;
