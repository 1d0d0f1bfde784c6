-- Deploy fleetdb:fleet_odometer_finite_times to pg
-- requires: fleet_odometer_readings

-- A reading at read_at 'infinity' or '-infinity' sorts after (before) every real reading, so it was
-- compared with the wrong neighbours and let a later decrease through; a correction at such an instant
-- starts a segment nobody can read in. Both times must be finite.
--
-- For tables under live load: ADD CONSTRAINT ... NOT VALID holds its ACCESS EXCLUSIVE lock only for a
-- moment (new rows are checked from then on), one table per transaction: a transaction holding ACCESS
-- EXCLUSIVE on one table while it waits for the other deadlocks with a writer that holds the second
-- and wants the first (recording a reading takes the readings, then reads the corrections). VALIDATE
-- CONSTRAINT then reads the existing rows holding SHARE UPDATE EXCLUSIVE, which lets reads and writes
-- go on. When a later transaction fails (a lock timeout, a non-finite row), running the deploy again
-- starts over: each constraint is dropped and added again.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';
SET LOCAL client_min_messages = warning;  -- no NOTICE in the DBA's log for an IF EXISTS that finds nothing

-- Say which rows are in the way before touching anything (VALIDATE would name only the constraint).
DO $$
DECLARE
    readings    bigint;
    corrections bigint;
BEGIN
    SELECT count(*) INTO readings FROM fleet.odometer_readings WHERE NOT isfinite(read_at);
    SELECT count(*) INTO corrections FROM fleet.odometer_corrections WHERE NOT isfinite(effective_at);
    IF readings > 0 OR corrections > 0 THEN
        RAISE EXCEPTION 'fleet_odometer_finite_times: % odometer reading(s) with read_at and % correction(s) with effective_at at +/-infinity',
                readings, corrections
            USING ERRCODE = '23514',
                  HINT = 'Find them with SELECT ... WHERE NOT isfinite(read_at) / NOT isfinite(effective_at), record them again at the real instant and remove the originals as the owner (the tables are append-only), then deploy again.';
    END IF;
END
$$;

ALTER TABLE fleet.odometer_readings DROP CONSTRAINT IF EXISTS odometer_readings_read_at_finite_ck;
ALTER TABLE fleet.odometer_readings
    ADD CONSTRAINT odometer_readings_read_at_finite_ck CHECK (isfinite(read_at)) NOT VALID;

COMMIT;

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';
SET LOCAL client_min_messages = warning;

ALTER TABLE fleet.odometer_corrections DROP CONSTRAINT IF EXISTS odometer_corrections_effective_at_finite_ck;
ALTER TABLE fleet.odometer_corrections
    ADD CONSTRAINT odometer_corrections_effective_at_finite_ck CHECK (isfinite(effective_at)) NOT VALID;

COMMIT;

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

ALTER TABLE fleet.odometer_readings VALIDATE CONSTRAINT odometer_readings_read_at_finite_ck;
ALTER TABLE fleet.odometer_corrections VALIDATE CONSTRAINT odometer_corrections_effective_at_finite_ck;

COMMIT;
