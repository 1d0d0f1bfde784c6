-- Verify fleetdb:rental_amount_bounds on pg

BEGIN;

SELECT shared.assert_constraints('rental.charges', ARRAY[
    'charges_amount_max_ck']);
SELECT shared.assert_constraints('rental.payments', ARRAY[
    'payments_amount_max_ck']);

ROLLBACK;
