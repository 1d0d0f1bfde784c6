-- What each trigger costs a bulk load: five more readings for each of %(vehicles)s vehicles, after
-- their last one, inserted in one statement under EXPLAIN ANALYZE (the caller rolls back). The plan's
-- "Triggers" list holds the time spent in each trigger, foreign-key checks included.
EXPLAIN (ANALYZE, FORMAT JSON)
INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)
SELECT v.id, last.reading_km + 10 * k, last.read_at + make_interval(hours => k), 'telematics'
FROM (SELECT id FROM fleet.vehicles ORDER BY id LIMIT %(vehicles)s) AS v
CROSS JOIN LATERAL (SELECT reading_km, read_at FROM fleet.odometer_readings AS r
                    WHERE r.vehicle_id = v.id ORDER BY read_at DESC LIMIT 1) AS last
CROSS JOIN generate_series(1, 5) AS k
ORDER BY v.id, k
