-- Verify fleetdb:maintenance_jobs on pg

BEGIN;

SELECT shared.assert_table('maintenance.jobs', ARRAY[
    'id uuid', 'vehicle_id uuid', 'kind text', 'status text', 'scheduled_window tstzrange',
    'odometer_km numeric(9,1)', 'vendor text', 'currency character(3)', 'notes text',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']);
SELECT shared.assert_constraints('maintenance.jobs', ARRAY[
    'jobs_pk', 'jobs_id_currency_uq', 'jobs_vehicle_fk', 'jobs_currency_fk', 'jobs_kind_ck', 'jobs_status_ck',
    'jobs_scheduled_window_half_open_ck', 'jobs_odometer_km_range_ck']);
SELECT shared.assert_indexes('maintenance.jobs', ARRAY[
    'jobs_vehicle_id_start_idx', 'jobs_currency_idx', 'jobs_open_start_idx']);
SELECT shared.assert_function('maintenance.jobs_check_status_transition()');
SELECT shared.assert_triggers('maintenance.jobs', ARRAY[
    'jobs_status_transition_trg:maintenance.jobs_check_status_transition()',
    'jobs_touch_updated_at_trg:shared.touch_updated_at()']);
SELECT shared.assert_grants('maintenance.jobs', 'fleetdb_app', 'SELECT,INSERT,UPDATE');
SELECT shared.assert_grants('maintenance.jobs', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
