-- Revert fleetdb:shared_text_rules from pg

-- No BEGIN/COMMIT: each ALTER TABLE is a transaction of its own and holds one table's ACCESS EXCLUSIVE
-- lock for a moment. With every table in one transaction, the revert held one table while it waited
-- for the next, and deadlocked with a unit of work that had written the second and then wanted the
-- first (fleetdb rehearse --under-load: rental_text_rules' revert and refunds, 40P01 in the
-- application). IF EXISTS: a revert interrupted half-way can run again.

SET lock_timeout = '5s';

ALTER TABLE shared.previous_owners
    DROP CONSTRAINT IF EXISTS previous_owners_object_name_length_ck;
ALTER TABLE shared.currencies
    DROP CONSTRAINT IF EXISTS currencies_name_length_ck;

RESET lock_timeout;
