-- Verify fleetdb:fleet_vehicles on pg

BEGIN;

SELECT shared.assert_table('fleet.vehicles', ARRAY[
    'id uuid', 'vin text', 'plate text', 'plate_jurisdiction text', 'make text', 'model text',
    'model_year smallint', 'status text', 'home_location_id uuid',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']);
SELECT shared.assert_constraints('fleet.vehicles', ARRAY[
    'vehicles_pk', 'vehicles_vin_format_ck', 'vehicles_vin_uq', 'vehicles_plate_not_blank_ck',
    'vehicles_plate_jurisdiction_format_ck', 'vehicles_make_not_blank_ck', 'vehicles_model_not_blank_ck',
    'vehicles_model_year_range_ck', 'vehicles_status_ck', 'vehicles_home_location_fk']);
SELECT shared.assert_indexes('fleet.vehicles', ARRAY['vehicles_plate_in_service_uq', 'vehicles_home_location_id_idx'],
    p_unique => ARRAY['vehicles_plate_in_service_uq']);
SELECT shared.assert_triggers('fleet.vehicles', ARRAY['vehicles_touch_updated_at_trg:shared.touch_updated_at()']);
SELECT shared.assert_grants('fleet.vehicles', 'fleetdb_app', 'SELECT,INSERT,UPDATE');
SELECT shared.assert_grants('fleet.vehicles', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
