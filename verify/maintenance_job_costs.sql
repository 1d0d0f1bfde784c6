-- Verify fleetdb:maintenance_job_costs on pg

BEGIN;

SELECT shared.assert_table('maintenance.job_costs', ARRAY[
    'job_id uuid', 'vehicle_id uuid', 'currency character(3)', 'parts_minor bigint', 'labour_minor bigint',
    'total_minor bigint']);
SELECT shared.assert_grants('maintenance.job_costs', 'fleetdb_app', 'SELECT');
SELECT shared.assert_grants('maintenance.job_costs', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
