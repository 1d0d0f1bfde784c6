-- Revert fleetdb:fleet_text_rules from pg

-- No BEGIN/COMMIT: each ALTER TABLE is a transaction of its own and holds one table's ACCESS EXCLUSIVE
-- lock for a moment. With every table in one transaction, the revert held one table while it waited
-- for the next, and deadlocked with a unit of work that had written the second and then wanted the
-- first (fleetdb rehearse --under-load: rental_text_rules' revert and refunds, 40P01 in the
-- application). IF EXISTS: a revert interrupted half-way can run again.

SET lock_timeout = '5s';

ALTER TABLE fleet.odometer_corrections
    DROP CONSTRAINT IF EXISTS odometer_corrections_reason_length_ck;
ALTER TABLE fleet.vehicles
    DROP CONSTRAINT IF EXISTS vehicles_model_length_ck,
    DROP CONSTRAINT IF EXISTS vehicles_make_length_ck,
    DROP CONSTRAINT IF EXISTS vehicles_plate_length_ck,
    DROP CONSTRAINT IF EXISTS vehicles_plate_canonical_ck;

RESET lock_timeout;
