-- Deploy fleetdb:maintenance_amount_bounds to pg
-- requires: maintenance_job_items
-- requires: shared_check_rollout

-- MAINT-COST-BOUNDED: at most 10,000 units of a part at most 10^12 minor units each, at most 1,000
-- hours at a rate of at most 10^12: a line's cost is at most 10^16, far inside bigint; a job's sums
-- over any number of lines are numeric (maintenance_job_costs_numeric). The upper bounds also reject
-- 'NaN', which PostgreSQL sorts above every number (so 'NaN' > 0 holds). No BEGIN/COMMIT: see
-- shared_check_rollout.

SET lock_timeout = '5s';

-- The checks are added one table per transaction (one CALL each): a transaction that held one table
-- while it waited for the next deadlocked with application statements that lock them in the other
-- order (docs/db/changelog.md, "v1.1 scripts edited after the tag"). Every table's rows are checked
-- first, so rows of v1.0 that break a rule still stop the deploy before anything changes.

CALL shared.assert_rows_pass('maintenance.job_parts', ARRAY[
    ['job_parts_quantity_max_ck', 'quantity <= 10000'],
    ['job_parts_unit_cost_max_ck', 'unit_cost_minor <= 1000000000000']]);

CALL shared.assert_rows_pass('maintenance.job_labour', ARRAY[
    ['job_labour_hours_max_ck', 'hours <= 1000'],
    ['job_labour_rate_max_ck', 'rate_minor <= 1000000000000']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['maintenance.job_parts', 'job_parts_quantity_max_ck', 'quantity <= 10000'],
    ['maintenance.job_parts', 'job_parts_unit_cost_max_ck', 'unit_cost_minor <= 1000000000000']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['maintenance.job_labour', 'job_labour_hours_max_ck', 'hours <= 1000'],
    ['maintenance.job_labour', 'job_labour_rate_max_ck', 'rate_minor <= 1000000000000']]);

CALL shared.validate_checks('maintenance.job_parts', ARRAY['job_parts_quantity_max_ck', 'job_parts_unit_cost_max_ck']);
CALL shared.validate_checks('maintenance.job_labour', ARRAY['job_labour_hours_max_ck', 'job_labour_rate_max_ck']);

RESET lock_timeout;
