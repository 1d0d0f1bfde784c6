-- A readings table big enough for its DDL to take a measurable time at CI scale: %(rows)s readings of
-- the last vehicle, a second apart in 2001 at 0 km (before all its seeded readings, so the odometer
-- stays non-decreasing), each with its odometer.recorded event as the trigger would write it. Written
-- with triggers off (the caller sets session_replication_role = replica: superuser only) and ascending ids: a few seconds instead
-- of a minute.
WITH vehicle AS (SELECT id FROM fleet.vehicles ORDER BY id DESC LIMIT 1),
reading AS (
    INSERT INTO fleet.odometer_readings (id, vehicle_id, reading_km, read_at, source)
    SELECT ('01990000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, v.id, 0,
           timestamptz '2001-01-01 00:00:00+00' + make_interval(secs => g), 'telematics'
    FROM vehicle AS v, generate_series(1, %(rows)s) AS g
    RETURNING id, vehicle_id, reading_km, read_at, source
)
INSERT INTO fleet.outbox_events (id, aggregate_type, aggregate_id, event_type, payload, published_at)
SELECT ('01990000-0000-7001-8000-' || right(r.id::text, 12))::uuid, 'vehicle', r.vehicle_id, 'odometer.recorded',
       jsonb_build_object('reading_id', r.id, 'vehicle_id', r.vehicle_id, 'reading_km', r.reading_km,
                          'read_at', r.read_at, 'source', r.source),
       now()
FROM reading AS r
