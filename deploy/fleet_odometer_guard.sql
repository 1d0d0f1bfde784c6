-- Deploy fleetdb:fleet_odometer_guard to pg
-- requires: fleet_vehicle_guards
-- requires: fleet_odometer_readings

-- FLEET-ODOMETER-MONOTONIC at every isolation level. v1.0 locked the vehicle row without changing it
-- and then read the neighbours: at REPEATABLE READ two concurrent readings both passed (each read its
-- own snapshot), and a decreasing pair committed. Now the check first writes the vehicle's odometer
-- guard row (fleet.vehicle_guards), a real write that two readings of one vehicle cannot both make
-- unseen: the second waits (READ COMMITTED, then sees the first) or fails with 40001.
-- The neighbour look-up no longer uses '-infinity'/'infinity' as stand-ins for a missing segment
-- bound (a reading at 'infinity' was outside the bound it stood for): it takes the nearest reading
-- and drops it when it lies in another segment.

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE OR REPLACE FUNCTION fleet.odometer_readings_check_monotonic() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    segment_start timestamptz;
    segment_end   timestamptz;
    before_at     timestamptz;
    before_km     numeric;
    after_at      timestamptz;
    after_km      numeric;
BEGIN
    -- The vehicle's turn: a concurrent reading of the vehicle waits here, or fails with 40001 when it
    -- committed after this transaction's snapshot (REPEATABLE READ, SERIALIZABLE).
    INSERT INTO fleet.vehicle_guards AS g (vehicle_id, concern) VALUES (NEW.vehicle_id, 'odometer')
    ON CONFLICT ON CONSTRAINT vehicle_guards_pk DO UPDATE SET version = g.version + 1;

    SELECT max(effective_at) INTO segment_start FROM fleet.odometer_corrections
    WHERE vehicle_id = NEW.vehicle_id AND effective_at <= NEW.read_at;
    SELECT min(effective_at) INTO segment_end FROM fleet.odometer_corrections
    WHERE vehicle_id = NEW.vehicle_id AND effective_at > NEW.read_at;

    -- Only the nearest neighbours: within a segment the readings already ascend in read_at order, so
    -- the latest reading before is the largest and the earliest after is the smallest. Two probes of
    -- odometer_readings_vehicle_id_read_at_idx, whatever the length of the history; a neighbour in
    -- another segment does not count.
    SELECT read_at, reading_km INTO before_at, before_km FROM fleet.odometer_readings
    WHERE vehicle_id = NEW.vehicle_id AND read_at <= NEW.read_at
    ORDER BY read_at DESC, reading_km DESC LIMIT 1;
    IF before_at < segment_start THEN
        before_km := NULL;
    END IF;
    SELECT read_at, reading_km INTO after_at, after_km FROM fleet.odometer_readings
    WHERE vehicle_id = NEW.vehicle_id AND read_at >= NEW.read_at
    ORDER BY read_at, reading_km LIMIT 1;
    IF after_at >= segment_end THEN
        after_km := NULL;
    END IF;

    IF NEW.reading_km < before_km OR NEW.reading_km > after_km THEN
        RAISE EXCEPTION 'odometer reading % km at % for vehicle % does not fit between its neighbours (% km before, % km after)',
                NEW.reading_km, NEW.read_at, NEW.vehicle_id, before_km, after_km
            USING ERRCODE = '23514', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Record an odometer correction (fleet.odometer_corrections) to start a new segment.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fleet.odometer_readings_check_monotonic() IS
    'BEFORE INSERT trigger: writes the vehicle''s odometer guard row, then requires before <= reading <= after within the segment.';

COMMIT;
