-- Revert fleetdb:fleet_text_rules from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE fleet.odometer_corrections
    DROP CONSTRAINT odometer_corrections_reason_length_ck;
ALTER TABLE fleet.vehicles
    DROP CONSTRAINT vehicles_model_length_ck,
    DROP CONSTRAINT vehicles_make_length_ck,
    DROP CONSTRAINT vehicles_plate_length_ck,
    DROP CONSTRAINT vehicles_plate_canonical_ck;

COMMIT;
