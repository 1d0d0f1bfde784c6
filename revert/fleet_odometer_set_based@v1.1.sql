-- Revert fleetdb:fleet_odometer_set_based from pg

-- Back to one check and one event per row: the bodies as fleet_odometer_guard and
-- integration_outbox_aggregate_order left them, comments included, and the row-level triggers.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

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

CREATE OR REPLACE FUNCTION fleet.odometer_readings_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO fleet.outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
    SELECT 'vehicle', NEW.vehicle_id, coalesce(max(e.aggregate_version), 0) + 1, 'odometer.recorded',
           jsonb_build_object('reading_id', NEW.id, 'vehicle_id', NEW.vehicle_id, 'reading_km', NEW.reading_km,
                              'read_at', NEW.read_at, 'source', NEW.source)
    FROM fleet.outbox_events AS e
    WHERE e.aggregate_type = 'vehicle' AND e.aggregate_id = NEW.vehicle_id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fleet.odometer_readings_publish() IS
    'AFTER INSERT trigger: writes odometer.recorded to fleet.outbox_events in the same transaction, as the vehicle''s next version.';

-- Row-level again; the functions are row-level before the triggers fire again (one transaction).
CREATE OR REPLACE TRIGGER odometer_readings_monotonic_trg BEFORE INSERT ON fleet.odometer_readings
    FOR EACH ROW EXECUTE FUNCTION fleet.odometer_readings_check_monotonic();
CREATE OR REPLACE TRIGGER odometer_readings_outbox_trg AFTER INSERT ON fleet.odometer_readings
    FOR EACH ROW EXECUTE FUNCTION fleet.odometer_readings_publish();

COMMIT;
