-- Verify fleetdb:maintenance_job_cost_totals on pg

BEGIN;

SELECT shared.assert_table('maintenance.job_cost_totals', ARRAY[
    'job_id uuid', 'parts_minor bigint', 'labour_minor bigint', 'created_at timestamp with time zone']);
SELECT shared.assert_constraints('maintenance.job_cost_totals', ARRAY[
    'job_cost_totals_pk', 'job_cost_totals_parts_range_ck', 'job_cost_totals_labour_range_ck']);
SELECT shared.assert_grants('maintenance.job_cost_totals', 'fleetdb_app', 'SELECT');
SELECT shared.assert_grants('maintenance.job_cost_totals', 'fleetdb_readonly', 'SELECT');
SELECT shared.assert_function('maintenance.job_parts_add_to_totals()', p_security_definer => true);
SELECT shared.assert_function('maintenance.job_labour_add_to_totals()', p_security_definer => true);
SELECT shared.assert_triggers('maintenance.job_parts', ARRAY['job_parts_totals_trg:maintenance.job_parts_add_to_totals()']);
SELECT shared.assert_triggers('maintenance.job_labour', ARRAY['job_labour_totals_trg:maintenance.job_labour_add_to_totals()']);

ROLLBACK;
