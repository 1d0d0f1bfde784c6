-- A reading lower than the one before it (in read_at order) within the same odometer segment.
WITH segmented AS (
    SELECT r.id, r.vehicle_id, r.reading_km, r.read_at,
           (SELECT max(c.effective_at) FROM fleet.odometer_corrections AS c
            WHERE c.vehicle_id = r.vehicle_id AND c.effective_at <= r.read_at) AS segment
    FROM fleet.odometer_readings AS r
), ordered AS (
    SELECT *, lag(reading_km) OVER (PARTITION BY vehicle_id, segment ORDER BY read_at, reading_km) AS previous_km
    FROM segmented
)
SELECT id, read_at, previous_km, reading_km FROM ordered WHERE reading_km < previous_km
