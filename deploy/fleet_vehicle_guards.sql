-- Deploy fleetdb:fleet_vehicle_guards to pg
-- requires: fleet_vehicles

-- A guard row per (vehicle, concern) that a rule reading other rows of the vehicle UPDATEs before it
-- reads them. Two writers of one vehicle then conflict on a real write, so the rule cannot depend on
-- the isolation level: at READ COMMITTED the second waits for the first and its next statements see
-- what the first committed; at REPEATABLE READ and SERIALIZABLE, when the first committed after the
-- second's snapshot, the second fails with 40001 (and the application retries). Locking a row without
-- changing it (SELECT ... FOR UPDATE) gives neither: at REPEATABLE READ the second goes on reading its
-- old snapshot. A table of its own, so that fleet.vehicles is not rewritten (nor its triggers fired)
-- by every reading and booking.

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE fleet.vehicle_guards (
    vehicle_id uuid        NOT NULL,
    concern    text        NOT NULL,
    version    bigint      NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- No foreign key to fleet.vehicles: a guard row is written in the same statement as a row that
    -- references the vehicle, so it never outlives a failed reference; a key check would cost every
    -- first write and report the guard instead of the row's own foreign key.
    CONSTRAINT vehicle_guards_pk PRIMARY KEY (vehicle_id, concern),
    CONSTRAINT vehicle_guards_concern_ck CHECK (concern IN ('odometer', 'bookings'))
);

COMMENT ON TABLE fleet.vehicle_guards IS
    'One row per vehicle and rule: the rule''s trigger updates it before reading, so concurrent writers of one vehicle conflict at every isolation level.';
COMMENT ON COLUMN fleet.vehicle_guards.vehicle_id IS 'The vehicle (fleet.vehicles.id).';
COMMENT ON COLUMN fleet.vehicle_guards.concern IS 'The rule: odometer (FLEET-ODOMETER-MONOTONIC) or bookings (RENT-MAINTENANCE-EXCLUSION).';
COMMENT ON COLUMN fleet.vehicle_guards.version IS 'How many times the rule was checked for the vehicle; each check adds one.';
COMMENT ON COLUMN fleet.vehicle_guards.created_at IS 'When the rule was first checked for the vehicle.';

-- Written only by SECURITY DEFINER trigger functions; the application has no privilege on it.
GRANT SELECT ON fleet.vehicle_guards TO fleetdb_readonly;

COMMIT;
