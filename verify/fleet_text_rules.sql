-- Verify fleetdb:fleet_text_rules on pg

BEGIN;

SELECT shared.assert_constraints('fleet.vehicles', ARRAY[
    'vehicles_plate_canonical_ck', 'vehicles_plate_length_ck', 'vehicles_make_length_ck',
    'vehicles_model_length_ck']);
SELECT shared.assert_constraints('fleet.odometer_corrections', ARRAY[
    'odometer_corrections_reason_length_ck']);

ROLLBACK;
