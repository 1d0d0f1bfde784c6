-- Revert fleetdb:maintenance_amount_bounds from pg

-- No BEGIN/COMMIT: each ALTER TABLE is a transaction of its own and holds one table's ACCESS EXCLUSIVE
-- lock for a moment. With every table in one transaction, the revert held one table while it waited
-- for the next, and deadlocked with a unit of work that had written the second and then wanted the
-- first (fleetdb rehearse --under-load: rental_text_rules' revert and refunds, 40P01 in the
-- application). IF EXISTS: a revert interrupted half-way can run again.

SET lock_timeout = '5s';

ALTER TABLE maintenance.job_labour
    DROP CONSTRAINT IF EXISTS job_labour_rate_max_ck,
    DROP CONSTRAINT IF EXISTS job_labour_hours_max_ck;
ALTER TABLE maintenance.job_parts
    DROP CONSTRAINT IF EXISTS job_parts_unit_cost_max_ck,
    DROP CONSTRAINT IF EXISTS job_parts_quantity_max_ck;

RESET lock_timeout;
