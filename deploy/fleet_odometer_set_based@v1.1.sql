-- Deploy fleetdb:fleet_odometer_set_based to pg
-- requires: fleet_odometer_guard
-- requires: fleet_odometer_finite_times
-- requires: integration_outbox_aggregate_order

-- FLEET-ODOMETER-MONOTONIC and the odometer outbox events, once per statement instead of once per row.
-- A COPY or INSERT ... SELECT of 100,000 readings ran the PL/pgSQL check and the publishing function
-- 100,000 times (89 + 62 us a reading, 87 % of a bulk load). Now both triggers are AFTER ... FOR EACH
-- STATEMENT with the statement's rows as a transition table: a few set-based queries a statement,
-- whatever its size; a single-row insert runs the same queries over one row.
--
-- Same guarantees as fleet_odometer_guard and integration_outbox_aggregate_order:
-- * the check first writes the odometer guard row of every vehicle of the statement (in vehicle order,
--   so two batches never wait on each other in a cycle), then reads; a concurrent writer of one of
--   those vehicles waits (READ COMMITTED, and the later check sees the earlier rows) or fails with
--   40001 (REPEATABLE READ, SERIALIZABLE). Rows are in the table before the guard is written, which
--   changes nothing: of two concurrent writers, the one that writes the guard second checks after the
--   first committed, so it sees both sides of every pair.
-- * the check runs after the statement, over the table that already holds the new rows: each vehicle's
--   readings from the statement's earliest to its latest, plus the nearest one on either side, must
--   not decrease within a segment (and readings at one instant agree). Readings outside that window are
--   already in order, so this is the same as checking every new row against its neighbours one by one.
-- * events get their vehicle's next versions in the statement's row order, after the guard: triggers of
--   one event fire in name order, and odometer_readings_monotonic_trg sorts before
--   odometer_readings_outbox_trg.
-- Trigger and function names are kept: errors still name odometer_readings_monotonic_trg.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

CREATE OR REPLACE FUNCTION fleet.odometer_readings_check_monotonic() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bad record;
BEGIN
    -- The vehicles' turn (see fleet_odometer_guard), taken in vehicle order.
    INSERT INTO fleet.vehicle_guards AS g (vehicle_id, concern)
    SELECT DISTINCT n.vehicle_id, 'odometer' FROM new_readings AS n ORDER BY n.vehicle_id
    ON CONFLICT ON CONSTRAINT vehicle_guards_pk DO UPDATE SET version = g.version + 1;

    -- Plan shapes that hold for one row and for a million: each subquery probes
    -- odometer_readings_vehicle_id_read_at_idx per vehicle (the plan is cached with the first
    -- statement's row count, so no hash join may depend on it).
    WITH span AS (
        SELECT n.vehicle_id, min(n.read_at) AS first_at, max(n.read_at) AS last_at
        FROM new_readings AS n GROUP BY n.vehicle_id
    ), window_rows AS (
        SELECT s.vehicle_id, w.read_at, w.reading_km
        FROM span AS s
        CROSS JOIN LATERAL (
            SELECT r.read_at, r.reading_km FROM fleet.odometer_readings AS r
            WHERE r.vehicle_id = s.vehicle_id AND r.read_at >= s.first_at AND r.read_at <= s.last_at
            OFFSET 0) AS w
        UNION ALL
        SELECT s.vehicle_id, b.read_at, b.reading_km
        FROM span AS s
        CROSS JOIN LATERAL (
            SELECT r.read_at, r.reading_km FROM fleet.odometer_readings AS r
            WHERE r.vehicle_id = s.vehicle_id AND r.read_at < s.first_at
            ORDER BY r.read_at DESC, r.reading_km DESC LIMIT 1) AS b
        UNION ALL
        SELECT s.vehicle_id, a.read_at, a.reading_km
        FROM span AS s
        CROSS JOIN LATERAL (
            SELECT r.read_at, r.reading_km FROM fleet.odometer_readings AS r
            WHERE r.vehicle_id = s.vehicle_id AND r.read_at > s.last_at
            ORDER BY r.read_at, r.reading_km LIMIT 1) AS a
    ), segmented AS (
        SELECT w.vehicle_id, w.read_at, w.reading_km,
               (SELECT max(c.effective_at) FROM fleet.odometer_corrections AS c
                WHERE c.vehicle_id = w.vehicle_id AND c.effective_at <= w.read_at) AS segment_start
        FROM window_rows AS w
    ), paired AS (
        SELECT g.vehicle_id, g.read_at, g.reading_km,
               lag(g.read_at) OVER seg AS before_at, lag(g.reading_km) OVER seg AS before_km
        FROM segmented AS g
        WINDOW seg AS (PARTITION BY g.vehicle_id, g.segment_start ORDER BY g.read_at, g.reading_km)
    )
    SELECT p.vehicle_id, p.read_at, p.reading_km, p.before_at, p.before_km INTO bad
    FROM paired AS p
    -- Sorted by reading within an instant, so two readings at one instant differ only upwards.
    WHERE p.before_km > p.reading_km OR (p.before_at = p.read_at AND p.before_km <> p.reading_km)
    ORDER BY p.vehicle_id, p.read_at
    LIMIT 1;

    IF FOUND THEN
        RAISE EXCEPTION 'odometer readings of vehicle % decrease within a segment: % km at %, then % km at %',
                bad.vehicle_id, bad.before_km, bad.before_at, bad.reading_km, bad.read_at
            USING ERRCODE = '23514', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Record an odometer correction (fleet.odometer_corrections) to start a new segment.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fleet.odometer_readings_check_monotonic() IS
    'AFTER INSERT FOR EACH STATEMENT trigger (new rows as new_readings): writes the odometer guard row of each vehicle, then requires that its readings around the new ones do not decrease within a segment.';

CREATE OR REPLACE FUNCTION fleet.odometer_readings_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- The vehicle's next version (looked up once per vehicle, on its first new row), plus the row's
    -- rank among the vehicle's new rows in statement order, minus one.
    INSERT INTO fleet.outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
    SELECT 'vehicle', v.vehicle_id, max(v.next_version) OVER (PARTITION BY v.vehicle_id) + v.rank - 1, 'odometer.recorded',
           jsonb_build_object('reading_id', v.id, 'vehicle_id', v.vehicle_id, 'reading_km', v.reading_km,
                              'read_at', v.read_at, 'source', v.source)
    FROM (
        SELECT k.*,
               CASE WHEN k.rank = 1 THEN
                   (SELECT coalesce(max(e.aggregate_version), 0) + 1 FROM fleet.outbox_events AS e
                    WHERE e.aggregate_type = 'vehicle' AND e.aggregate_id = k.vehicle_id)
               END AS next_version
        FROM (
            SELECT o.*, row_number() OVER (PARTITION BY o.vehicle_id ORDER BY o.ordinal) AS rank
            FROM (SELECT n.*, row_number() OVER () AS ordinal FROM new_readings AS n) AS o
        ) AS k
    ) AS v
    ORDER BY v.ordinal;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fleet.odometer_readings_publish() IS
    'AFTER INSERT FOR EACH STATEMENT trigger (new rows as new_readings): writes odometer.recorded to fleet.outbox_events for each new reading in the same transaction, as its vehicle''s next versions in row order.';

-- CREATE OR REPLACE TRIGGER takes SHARE ROW EXCLUSIVE (writes wait a moment, reads go on); DROP and
-- CREATE would take ACCESS EXCLUSIVE.
CREATE OR REPLACE TRIGGER odometer_readings_monotonic_trg AFTER INSERT ON fleet.odometer_readings
    REFERENCING NEW TABLE AS new_readings
    FOR EACH STATEMENT EXECUTE FUNCTION fleet.odometer_readings_check_monotonic();
CREATE OR REPLACE TRIGGER odometer_readings_outbox_trg AFTER INSERT ON fleet.odometer_readings
    REFERENCING NEW TABLE AS new_readings
    FOR EACH STATEMENT EXECUTE FUNCTION fleet.odometer_readings_publish();

COMMIT;
