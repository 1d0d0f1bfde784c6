-- Deploy fleetdb:fleet_odometer_set_based to pg
-- requires: fleet_odometer_set_based@v1.1

-- Reworked after v1.1: the odometer events once per vehicle per statement, and a cheaper check.
--
-- A bulk load of readings paid an outbox event per reading (an event row with its indexes and checks,
-- 4.5x a bare COPY of the readings), and a single reading paid the batch-shaped check (1.55x its
-- floor). Now:
-- * Publication (odometer_readings_publish): one event per vehicle per statement, as the vehicle's
--   next version, in the order of each vehicle's first row in the statement. A vehicle with one row
--   in the statement gets odometer.recorded, exactly as before (so does every single-row insert); a
--   vehicle with several gets one odometer.readings_recorded carrying all of them: vehicle_id, count,
--   and the keys of odometer.recorded (reading_id, reading_km, read_at, source) as arrays in the
--   statement's row order (element i of each is reading i). A consumer that handled
--   odometer.recorded handles each element the same way. Versions stay gap-free and in commit
--   order: the statement's vehicles are guarded (see the check) before the version probe.
-- * Check (odometer_readings_check_monotonic), same rule, same guard, same error: a pair of readings
--   of one vehicle, in (read_at, reading_km) order, breaks the rule when the first is higher (or
--   they share an instant and differ) and no correction starts a segment between them (effective_at
--   in (first.read_at, then.read_at]). It reads at most two rows of the statement to tell one row
--   from more (count(*) over the whole transition table cost a bulk load a pass over it). A statement
--   of one row: the guard (an UPDATE of the vehicle's guard row; the upsert only when there is none
--   to update, as for the vehicle's first reading), then the vehicle's latest other reading (one probe of
--   odometer_readings_vehicle_id_read_at_idx); a row later than it and not lower is accepted there
--   (the usual append, and the cheapest plan: one index probe, no corrections sub-plan). Any other
--   row (back-dated, at the latest instant, lower, or the vehicle's first) is compared with its
--   nearest other reading on either side (two probes), which alone decides it. A larger statement
--   reads each vehicle's window once, as before (its span plus one reading either side), and pairs
--   neighbours with lag(). Corrections are probed only for a pair out of order, no longer once per
--   reading of the window.
-- Triggers are unchanged (AFTER INSERT FOR EACH STATEMENT, new_readings): no table lock is taken.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

CREATE OR REPLACE FUNCTION fleet.odometer_readings_check_monotonic() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    one record;
    latest record;
    bad record;
BEGIN
    -- The first row, and whether there is a second (at most two rows read, whatever the statement's
    -- size; INTO keeps the first row).
    SELECT count(*) OVER () AS rows, f.id, f.vehicle_id, f.read_at, f.reading_km INTO one
    FROM (SELECT n.id, n.vehicle_id, n.read_at, n.reading_km FROM new_readings AS n LIMIT 2) AS f;
    IF NOT FOUND THEN
        RETURN NULL;  -- INSERT ... SELECT of no rows
    END IF;

    IF one.rows = 1 THEN
        -- The vehicle's turn (see fleet_odometer_guard), then its neighbours, in a later statement (at
        -- READ COMMITTED its snapshot sees a reading committed while we waited for the guard). Every
        -- reading but a vehicle's first finds its guard row: a plain UPDATE, cheaper than the upsert's
        -- conflict path. None found (the row is not there, or not yet committed, or committed after
        -- this transaction's snapshot): the upsert, which inserts it, or waits for the other writer
        -- and then updates it (READ COMMITTED) or fails with 40001 (REPEATABLE READ, SERIALIZABLE).
        UPDATE fleet.vehicle_guards AS g SET version = g.version + 1
        WHERE g.vehicle_id = one.vehicle_id AND g.concern = 'odometer';
        IF NOT FOUND THEN
            INSERT INTO fleet.vehicle_guards AS g (vehicle_id, concern) VALUES (one.vehicle_id, 'odometer')
            ON CONFLICT ON CONSTRAINT vehicle_guards_pk DO UPDATE SET version = g.version + 1;
        END IF;

        -- The usual append: later than every other reading of the vehicle and not lower than the
        -- latest, which is then its only neighbour (one probe). Anything else (back-dated, same
        -- instant, lower, the vehicle's first reading) is decided by the two-sided probe below.
        SELECT r.read_at, r.reading_km INTO latest FROM fleet.odometer_readings AS r
        WHERE r.vehicle_id = one.vehicle_id AND r.id <> one.id
        ORDER BY r.read_at DESC, r.reading_km DESC LIMIT 1;
        IF latest.read_at < one.read_at AND latest.reading_km <= one.reading_km THEN
            RETURN NULL;
        END IF;

        SELECT one.vehicle_id, p.first_at, p.first_km, p.then_at, p.then_km INTO bad
        FROM (
            SELECT b.read_at AS first_at, b.reading_km AS first_km, one.read_at AS then_at, one.reading_km AS then_km
            FROM (SELECT r.read_at, r.reading_km FROM fleet.odometer_readings AS r
                  WHERE r.vehicle_id = one.vehicle_id AND r.read_at <= one.read_at AND r.id <> one.id
                  ORDER BY r.read_at DESC, r.reading_km DESC LIMIT 1) AS b
            WHERE b.reading_km > one.reading_km
            UNION ALL
            SELECT one.read_at, one.reading_km, a.read_at, a.reading_km
            FROM (SELECT r.read_at, r.reading_km FROM fleet.odometer_readings AS r
                  WHERE r.vehicle_id = one.vehicle_id AND r.read_at >= one.read_at AND r.id <> one.id
                  ORDER BY r.read_at, r.reading_km LIMIT 1) AS a
            WHERE a.reading_km < one.reading_km
        ) AS p
        WHERE NOT EXISTS (SELECT FROM fleet.odometer_corrections AS c
                          WHERE c.vehicle_id = one.vehicle_id
                            AND c.effective_at > p.first_at AND c.effective_at <= p.then_at)
        LIMIT 1;
    ELSE
        -- The vehicles' turn, taken in vehicle order (two batches never wait on each other in a cycle).
        INSERT INTO fleet.vehicle_guards AS g (vehicle_id, concern)
        SELECT DISTINCT n.vehicle_id, 'odometer' FROM new_readings AS n ORDER BY n.vehicle_id
        ON CONFLICT ON CONSTRAINT vehicle_guards_pk DO UPDATE SET version = g.version + 1;

        -- Plan shapes that hold for two rows and for a million: each subquery probes
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
        ), paired AS (
            SELECT w.vehicle_id, w.read_at, w.reading_km,
                   lag(w.read_at) OVER seq AS before_at, lag(w.reading_km) OVER seq AS before_km
            FROM window_rows AS w
            WINDOW seq AS (PARTITION BY w.vehicle_id ORDER BY w.read_at, w.reading_km)
        )
        SELECT p.vehicle_id, p.before_at AS first_at, p.before_km AS first_km, p.read_at AS then_at,
               p.reading_km AS then_km
        INTO bad
        FROM paired AS p
        -- Sorted by reading within an instant, so two readings at one instant differ only upwards.
        WHERE (p.before_km > p.reading_km OR (p.before_at = p.read_at AND p.before_km <> p.reading_km))
          AND NOT EXISTS (SELECT FROM fleet.odometer_corrections AS c
                          WHERE c.vehicle_id = p.vehicle_id
                            AND c.effective_at > p.before_at AND c.effective_at <= p.read_at)
        ORDER BY p.vehicle_id, p.read_at
        LIMIT 1;
    END IF;

    IF FOUND THEN
        RAISE EXCEPTION 'odometer readings of vehicle % decrease within a segment: % km at %, then % km at %',
                bad.vehicle_id, bad.first_km, bad.first_at, bad.then_km, bad.then_at
            USING ERRCODE = '23514', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Record an odometer correction (fleet.odometer_corrections) to start a new segment.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fleet.odometer_readings_check_monotonic() IS
    'AFTER INSERT FOR EACH STATEMENT trigger (new rows as new_readings): writes the odometer guard row of each vehicle, then requires that no two neighbouring readings of a vehicle decrease without a correction between them (one row: accepted when later than the vehicle''s latest other reading and not lower, else checked against its nearest readings either side; more: each vehicle''s window around them).';

CREATE OR REPLACE FUNCTION fleet.odometer_readings_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- One event per vehicle: its next version (one probe of outbox_events_aggregate_version_uq), in
    -- the order of the vehicle's first row; its readings in row order (one sort of the statement's rows).
    INSERT INTO fleet.outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
    SELECT 'vehicle', b.vehicle_id,
           (SELECT coalesce(max(e.aggregate_version), 0) + 1 FROM fleet.outbox_events AS e
            WHERE e.aggregate_type = 'vehicle' AND e.aggregate_id = b.vehicle_id),
           CASE WHEN b.count = 1 THEN 'odometer.recorded' ELSE 'odometer.readings_recorded' END,
           CASE WHEN b.count = 1
                THEN jsonb_build_object('reading_id', b.ids[1], 'vehicle_id', b.vehicle_id,
                                        'reading_km', b.kms[1], 'read_at', b.ats[1], 'source', b.sources[1])
                ELSE jsonb_build_object('vehicle_id', b.vehicle_id, 'count', b.count, 'reading_id', b.ids,
                                        'reading_km', b.kms, 'read_at', b.ats, 'source', b.sources)
           END
    FROM (
        SELECT n.vehicle_id, count(*) AS count, min(n.ordinal) AS first_ordinal,
               array_agg(n.id ORDER BY n.ordinal) AS ids, array_agg(n.reading_km ORDER BY n.ordinal) AS kms,
               array_agg(n.read_at ORDER BY n.ordinal) AS ats, array_agg(n.source ORDER BY n.ordinal) AS sources
        FROM (SELECT r.*, row_number() OVER () AS ordinal FROM new_readings AS r) AS n
        GROUP BY n.vehicle_id
    ) AS b
    ORDER BY b.first_ordinal;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fleet.odometer_readings_publish() IS
    'AFTER INSERT FOR EACH STATEMENT trigger (new rows as new_readings): writes one event per vehicle of the statement to fleet.outbox_events in the same transaction, as the vehicle''s next version: odometer.recorded for a vehicle with one new reading, odometer.readings_recorded (its readings as arrays, in row order) for a vehicle with several.';

COMMIT;
