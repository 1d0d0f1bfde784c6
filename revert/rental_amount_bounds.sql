-- Revert fleetdb:rental_amount_bounds from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE rental.payments
    DROP CONSTRAINT payments_amount_max_ck;
ALTER TABLE rental.charges
    DROP CONSTRAINT charges_amount_max_ck;

COMMIT;
