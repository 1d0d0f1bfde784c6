-- Revert fleetdb:fleet_odometer_guard from pg

-- The check as v1.0 shipped it (deploy/fleet_odometer_readings.sql), comment included.

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE OR REPLACE FUNCTION fleet.odometer_readings_check_monotonic() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    segment_start timestamptz;
    segment_end   timestamptz;
    before_km     numeric;
    after_km      numeric;
BEGIN
    PERFORM FROM fleet.vehicles WHERE id = NEW.vehicle_id FOR NO KEY UPDATE;

    SELECT max(effective_at) INTO segment_start FROM fleet.odometer_corrections
    WHERE vehicle_id = NEW.vehicle_id AND effective_at <= NEW.read_at;
    SELECT min(effective_at) INTO segment_end FROM fleet.odometer_corrections
    WHERE vehicle_id = NEW.vehicle_id AND effective_at > NEW.read_at;

    -- Only the nearest neighbours: within a segment the readings already ascend in read_at order, so
    -- the latest reading before is the largest and the earliest after is the smallest. Two probes of
    -- odometer_readings_vehicle_id_read_at_idx, whatever the length of the history.
    SELECT reading_km INTO before_km FROM fleet.odometer_readings
    WHERE vehicle_id = NEW.vehicle_id AND read_at <= NEW.read_at
      AND read_at >= coalesce(segment_start, '-infinity')
    ORDER BY read_at DESC, reading_km DESC LIMIT 1;
    SELECT reading_km INTO after_km FROM fleet.odometer_readings
    WHERE vehicle_id = NEW.vehicle_id AND read_at >= NEW.read_at
      AND read_at < coalesce(segment_end, 'infinity')
    ORDER BY read_at, reading_km LIMIT 1;

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
    'BEFORE INSERT trigger: locks the vehicle row, then requires before <= reading <= after within the segment.';

COMMIT;
