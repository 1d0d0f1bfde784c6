-- Deploy fleetdb:fleet_odometer_readings to pg
-- requires: fleet_vehicles
-- requires: iam_users
-- requires: shared_append_only

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- A correction event starts a new odometer segment at effective_at: readings are compared only
-- with readings of the same segment. Used when a reading was wrong or the odometer was replaced.
CREATE TABLE fleet.odometer_corrections (
    id           uuid        NOT NULL DEFAULT shared.uuid_v7(),
    vehicle_id   uuid        NOT NULL,
    kind         text        NOT NULL,
    effective_at timestamptz NOT NULL,
    reason       text        NOT NULL,
    recorded_by  uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT odometer_corrections_pk PRIMARY KEY (id),
    CONSTRAINT odometer_corrections_vehicle_fk FOREIGN KEY (vehicle_id) REFERENCES fleet.vehicles (id),
    -- Cross-module: fleet -> iam.users.
    CONSTRAINT odometer_corrections_recorded_by_fk FOREIGN KEY (recorded_by) REFERENCES iam.users (id),
    CONSTRAINT odometer_corrections_kind_ck CHECK (kind IN ('correction', 'replacement')),
    CONSTRAINT odometer_corrections_reason_not_blank_ck CHECK (btrim(reason) <> '')
);
CREATE INDEX odometer_corrections_vehicle_id_effective_at_idx
    ON fleet.odometer_corrections (vehicle_id, effective_at);
CREATE INDEX odometer_corrections_recorded_by_idx ON fleet.odometer_corrections (recorded_by);
CREATE TRIGGER odometer_corrections_append_only_trg BEFORE UPDATE OR DELETE ON fleet.odometer_corrections
    FOR EACH ROW EXECUTE FUNCTION shared.reject_mutation();
CREATE TRIGGER odometer_corrections_no_truncate_trg BEFORE TRUNCATE ON fleet.odometer_corrections
    FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_mutation();

COMMENT ON TABLE fleet.odometer_corrections IS
    'Append-only events that start a new odometer segment: a wrong reading (correction) or a replaced odometer (replacement).';
COMMENT ON COLUMN fleet.odometer_corrections.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN fleet.odometer_corrections.vehicle_id IS 'The vehicle.';
COMMENT ON COLUMN fleet.odometer_corrections.kind IS 'correction (a reading was wrong) or replacement (new odometer).';
COMMENT ON COLUMN fleet.odometer_corrections.effective_at IS 'Readings taken at or after this instant (until the next event) form the new segment.';
COMMENT ON COLUMN fleet.odometer_corrections.reason IS 'Why the segment was started.';
COMMENT ON COLUMN fleet.odometer_corrections.recorded_by IS 'User who recorded the event (iam.users).';
COMMENT ON COLUMN fleet.odometer_corrections.created_at IS 'When the row was written.';

CREATE TABLE fleet.odometer_readings (
    id          uuid          NOT NULL DEFAULT shared.uuid_v7(),
    vehicle_id  uuid          NOT NULL,
    reading_km  numeric(9, 1) NOT NULL,
    read_at     timestamptz   NOT NULL,
    source      text          NOT NULL,
    recorded_by uuid,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT odometer_readings_pk PRIMARY KEY (id),
    CONSTRAINT odometer_readings_vehicle_fk FOREIGN KEY (vehicle_id) REFERENCES fleet.vehicles (id),
    -- Cross-module: fleet -> iam.users.
    CONSTRAINT odometer_readings_recorded_by_fk FOREIGN KEY (recorded_by) REFERENCES iam.users (id),
    CONSTRAINT odometer_readings_reading_km_range_ck CHECK (reading_km >= 0 AND reading_km < 10000000),
    CONSTRAINT odometer_readings_source_ck
        CHECK (source IN ('manual', 'telematics', 'rental_checkout', 'rental_return', 'maintenance'))
);
-- Serves the monotonic check (neighbours by time) and "a vehicle's readings by time".
CREATE INDEX odometer_readings_vehicle_id_read_at_idx ON fleet.odometer_readings (vehicle_id, read_at);
CREATE INDEX odometer_readings_recorded_by_idx ON fleet.odometer_readings (recorded_by);

COMMENT ON TABLE fleet.odometer_readings IS
    'Append-only odometer readings; within a segment they never decrease in read_at order.';
COMMENT ON COLUMN fleet.odometer_readings.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN fleet.odometer_readings.vehicle_id IS 'The vehicle.';
COMMENT ON COLUMN fleet.odometer_readings.reading_km IS 'Odometer value in kilometres (the only unit; convert miles before writing).';
COMMENT ON COLUMN fleet.odometer_readings.read_at IS 'When the odometer showed this value (may be back-dated).';
COMMENT ON COLUMN fleet.odometer_readings.source IS 'Where the value came from: manual, telematics, rental_checkout, rental_return, maintenance.';
COMMENT ON COLUMN fleet.odometer_readings.recorded_by IS 'User who recorded it (iam.users); NULL for telematics.';
COMMENT ON COLUMN fleet.odometer_readings.created_at IS 'When the row was written.';

-- FLEET-ODOMETER-MONOTONIC. The vehicle row is locked (FOR NO KEY UPDATE) before the neighbours
-- are read, so two concurrent inserts for one vehicle run the check one after the other; at READ
-- COMMITTED each statement below takes a fresh snapshot and sees the reading committed before the
-- lock was granted. SECURITY DEFINER: the lock needs UPDATE rights on fleet.vehicles.
CREATE FUNCTION fleet.odometer_readings_check_monotonic() RETURNS trigger
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
REVOKE EXECUTE ON FUNCTION fleet.odometer_readings_check_monotonic() FROM PUBLIC;

CREATE TRIGGER odometer_readings_monotonic_trg BEFORE INSERT ON fleet.odometer_readings
    FOR EACH ROW EXECUTE FUNCTION fleet.odometer_readings_check_monotonic();
-- FLEET-ODOMETER-APPEND-ONLY.
CREATE TRIGGER odometer_readings_append_only_trg BEFORE UPDATE OR DELETE ON fleet.odometer_readings
    FOR EACH ROW EXECUTE FUNCTION shared.reject_mutation();
CREATE TRIGGER odometer_readings_no_truncate_trg BEFORE TRUNCATE ON fleet.odometer_readings
    FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_mutation();

GRANT SELECT, INSERT ON fleet.odometer_readings, fleet.odometer_corrections TO fleetdb_app;
GRANT SELECT ON fleet.odometer_readings, fleet.odometer_corrections TO fleetdb_readonly;

COMMIT;
