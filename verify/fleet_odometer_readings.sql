-- Verify fleetdb:fleet_odometer_readings on pg

BEGIN;

SELECT shared.assert_table('fleet.odometer_corrections', ARRAY[
    'id uuid', 'vehicle_id uuid', 'kind text', 'effective_at timestamp with time zone', 'reason text',
    'recorded_by uuid', 'created_at timestamp with time zone']);
SELECT shared.assert_constraints('fleet.odometer_corrections', ARRAY[
    'odometer_corrections_pk', 'odometer_corrections_vehicle_fk', 'odometer_corrections_recorded_by_fk',
    'odometer_corrections_kind_ck', 'odometer_corrections_reason_not_blank_ck']);
SELECT shared.assert_indexes('fleet.odometer_corrections', ARRAY[
    'odometer_corrections_vehicle_id_effective_at_idx', 'odometer_corrections_recorded_by_idx']);
SELECT shared.assert_triggers('fleet.odometer_corrections', ARRAY[
    'odometer_corrections_append_only_trg:shared.reject_mutation()',
    'odometer_corrections_no_truncate_trg:shared.reject_mutation()']);

SELECT shared.assert_table('fleet.odometer_readings', ARRAY[
    'id uuid', 'vehicle_id uuid', 'reading_km numeric(9,1)', 'read_at timestamp with time zone', 'source text',
    'recorded_by uuid', 'created_at timestamp with time zone']);
SELECT shared.assert_constraints('fleet.odometer_readings', ARRAY[
    'odometer_readings_pk', 'odometer_readings_vehicle_fk', 'odometer_readings_recorded_by_fk',
    'odometer_readings_reading_km_range_ck', 'odometer_readings_source_ck']);
SELECT shared.assert_indexes('fleet.odometer_readings', ARRAY[
    'odometer_readings_vehicle_id_read_at_idx', 'odometer_readings_recorded_by_idx']);
SELECT shared.assert_function('fleet.odometer_readings_check_monotonic()', p_security_definer => true);
SELECT shared.assert_triggers('fleet.odometer_readings', ARRAY[
    'odometer_readings_monotonic_trg:fleet.odometer_readings_check_monotonic()',
    'odometer_readings_append_only_trg:shared.reject_mutation()',
    'odometer_readings_no_truncate_trg:shared.reject_mutation()']);

SELECT shared.assert_grants('fleet.odometer_readings', 'fleetdb_app', 'SELECT,INSERT');
SELECT shared.assert_grants('fleet.odometer_corrections', 'fleetdb_app', 'SELECT,INSERT');
SELECT shared.assert_grants('fleet.odometer_readings', 'fleetdb_readonly', 'SELECT');
SELECT shared.assert_grants('fleet.odometer_corrections', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
