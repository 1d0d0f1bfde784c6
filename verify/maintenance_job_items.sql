-- Verify fleetdb:maintenance_job_items on pg

BEGIN;

SELECT shared.assert_table('maintenance.job_parts', ARRAY[
    'id uuid', 'job_id uuid', 'currency character(3)', 'part_number text', 'description text',
    'quantity numeric(10,3)', 'unit_cost_minor bigint',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']);
SELECT shared.assert_constraints('maintenance.job_parts', ARRAY[
    'job_parts_pk', 'job_parts_job_currency_fk', 'job_parts_part_number_not_blank_ck',
    'job_parts_quantity_positive_ck', 'job_parts_unit_cost_not_negative_ck']);
SELECT shared.assert_indexes('maintenance.job_parts', ARRAY['job_parts_job_id_currency_idx']);
SELECT shared.assert_triggers('maintenance.job_parts', ARRAY['job_parts_touch_updated_at_trg:shared.touch_updated_at()']);

SELECT shared.assert_table('maintenance.job_labour', ARRAY[
    'id uuid', 'job_id uuid', 'currency character(3)', 'technician text', 'hours numeric(6,2)', 'rate_minor bigint',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']);
SELECT shared.assert_constraints('maintenance.job_labour', ARRAY[
    'job_labour_pk', 'job_labour_job_currency_fk', 'job_labour_technician_not_blank_ck',
    'job_labour_hours_positive_ck', 'job_labour_rate_not_negative_ck']);
SELECT shared.assert_indexes('maintenance.job_labour', ARRAY['job_labour_job_id_currency_idx']);
SELECT shared.assert_triggers('maintenance.job_labour', ARRAY['job_labour_touch_updated_at_trg:shared.touch_updated_at()']);

SELECT shared.assert_grants('maintenance.job_parts', 'fleetdb_app', 'SELECT,INSERT,UPDATE,DELETE');
SELECT shared.assert_grants('maintenance.job_labour', 'fleetdb_app', 'SELECT,INSERT,UPDATE,DELETE');
SELECT shared.assert_grants('maintenance.job_parts', 'fleetdb_readonly', 'SELECT');
SELECT shared.assert_grants('maintenance.job_labour', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
