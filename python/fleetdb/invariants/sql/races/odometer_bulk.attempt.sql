-- Session 0 inserts one reading of the first vehicle; session s > 0 inserts a batch of 40 in one
-- statement (one set-based check), alternating between the two vehicles. Every row of session s is
-- later and lower than every row of a session before it (-10 km a session, +0.1 km a row within a
-- batch), so any two sessions together decrease on the first vehicle, and batches on both: one wins.
INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)
SELECT CASE WHEN mod(k, 2) = 1 THEN %(vehicle_id)s::uuid ELSE %(second_vehicle_id)s::uuid END,
       1000 * (%(round)s + 1) - 10 * %(session)s + k / 10.0,
       timestamptz '2030-01-01 00:00+00' + make_interval(days => %(round)s, mins => %(session)s, secs => k),
       'telematics'
FROM generate_series(1, CASE WHEN %(session)s = 0 THEN 1 ELSE 40 END) AS k
RETURNING id
