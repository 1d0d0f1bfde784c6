-- Verify fleetdb:maintenance_amount_bounds on pg

BEGIN;

SELECT shared.assert_constraints('maintenance.job_parts', ARRAY[
    'job_parts_quantity_max_ck', 'job_parts_unit_cost_max_ck']);
SELECT shared.assert_constraints('maintenance.job_labour', ARRAY[
    'job_labour_hours_max_ck', 'job_labour_rate_max_ck']);

ROLLBACK;
