-- Deploy fleetdb:fleet_text_rules to pg
-- requires: fleet_vehicles
-- requires: fleet_odometer_readings
-- requires: shared_check_rollout

-- Canonical plates and length limits of the fleet tables (docs/db/conventions.md, "Canonical forms"
-- and "Text limits"). No BEGIN/COMMIT: rows of v1.0 that break a rule stop the deploy before anything
-- changes, the checks are added NOT VALID, then validated table by table in later transactions
-- (shared_check_rollout). Deploying again after an interruption is safe.

SET lock_timeout = '5s';

-- The checks are added one table per transaction (one CALL each): a transaction that held one table
-- while it waited for the next deadlocked with application statements that lock them in the other
-- order (docs/db/changelog.md, "v1.1 scripts edited after the tag"). Every table's rows are checked
-- first, so rows of v1.0 that break a rule still stop the deploy before anything changes.

CALL shared.assert_rows_pass('fleet.vehicles', ARRAY[
    -- FLEET-PLATE-CANONICAL: upper-case ASCII letters and digits, groups joined by one space or one
    -- hyphen ('M-AB 123'). fleet_plate_key makes plates unique without their separators.
    ['vehicles_plate_canonical_ck', $$plate ~ '^[A-Z0-9]+([ -][A-Z0-9]+)*$'$$],
    ['vehicles_plate_length_ck', 'char_length(plate) <= 15'],
    ['vehicles_make_length_ck', 'char_length(make) <= 100'],
    ['vehicles_model_length_ck', 'char_length(model) <= 100']]);

CALL shared.assert_rows_pass('fleet.odometer_corrections', ARRAY[
    ['odometer_corrections_reason_length_ck', 'char_length(reason) <= 500']]);

CALL shared.add_checks_not_valid(ARRAY[
    -- FLEET-PLATE-CANONICAL: upper-case ASCII letters and digits, groups joined by one space or one
    -- hyphen ('M-AB 123'). fleet_plate_key makes plates unique without their separators.
    ['fleet.vehicles', 'vehicles_plate_canonical_ck', $$plate ~ '^[A-Z0-9]+([ -][A-Z0-9]+)*$'$$],
    ['fleet.vehicles', 'vehicles_plate_length_ck', 'char_length(plate) <= 15'],
    ['fleet.vehicles', 'vehicles_make_length_ck', 'char_length(make) <= 100'],
    ['fleet.vehicles', 'vehicles_model_length_ck', 'char_length(model) <= 100']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['fleet.odometer_corrections', 'odometer_corrections_reason_length_ck', 'char_length(reason) <= 500']]);

CALL shared.validate_checks('fleet.vehicles', ARRAY[
    'vehicles_plate_canonical_ck', 'vehicles_plate_length_ck', 'vehicles_make_length_ck', 'vehicles_model_length_ck']);
CALL shared.validate_checks('fleet.odometer_corrections', ARRAY['odometer_corrections_reason_length_ck']);

RESET lock_timeout;
