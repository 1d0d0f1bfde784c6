-- Revert fleetdb:rental_amount_bounds from pg

-- No BEGIN/COMMIT: each ALTER TABLE is a transaction of its own and holds one table's ACCESS EXCLUSIVE
-- lock for a moment. With every table in one transaction, the revert held one table while it waited
-- for the next, and deadlocked with a unit of work that had written the second and then wanted the
-- first (fleetdb rehearse --under-load: rental_text_rules' revert and refunds, 40P01 in the
-- application). IF EXISTS: a revert interrupted half-way can run again.

SET lock_timeout = '5s';

ALTER TABLE rental.payments
    DROP CONSTRAINT IF EXISTS payments_amount_max_ck;
ALTER TABLE rental.charges
    DROP CONSTRAINT IF EXISTS charges_amount_max_ck;

RESET lock_timeout;
