-- Revert fleetdb:maintenance_amount_bounds from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE maintenance.job_labour
    DROP CONSTRAINT job_labour_rate_max_ck,
    DROP CONSTRAINT job_labour_hours_max_ck;
ALTER TABLE maintenance.job_parts
    DROP CONSTRAINT job_parts_unit_cost_max_ck,
    DROP CONSTRAINT job_parts_quantity_max_ck;

COMMIT;
