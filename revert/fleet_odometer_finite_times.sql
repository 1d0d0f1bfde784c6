-- Revert fleetdb:fleet_odometer_finite_times from pg

-- One table per transaction. Both drops in one transaction deadlocked with recording a reading (seen
-- under load by fleetdb rehearse --under-load): the revert held ACCESS EXCLUSIVE on the corrections and
-- waited for the readings, while the reading's INSERT held the readings and its odometer check waited
-- to read the corrections. A transaction that holds one lock and waits for no other cannot be part of
-- a deadlock; the writers it makes wait go on when it commits, a moment later.

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE fleet.odometer_readings DROP CONSTRAINT IF EXISTS odometer_readings_read_at_finite_ck;

COMMIT;

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE fleet.odometer_corrections DROP CONSTRAINT IF EXISTS odometer_corrections_effective_at_finite_ck;

COMMIT;
