-- Seed step: odometer corrections of the chunk's vehicles. One vehicle in a hundred had its odometer
-- replaced halfway: a replacement event starts a new segment whose readings start again near zero.
-- The readings themselves arrive by COPY (odometer_readings.sql).

INSERT INTO fleet.odometer_corrections (id, vehicle_id, kind, effective_at, reason, recorded_by)
SELECT pg_temp.seed_id(10, v), pg_temp.seed_id(4, v), 'replacement',
       p.history_start + make_interval(hours => (p.readings_per_vehicle / 2) * (26280 / p.readings_per_vehicle)),
       'instrument cluster replaced',
       pg_temp.seed_id(2, (pg_temp.vehicle_location(v, p.locations) - 1) * p.staff_per_location + 1)
FROM seed_params AS p
CROSS JOIN seed_chunk AS c
CROSS JOIN generate_series(c.lo, c.hi) AS v
WHERE v % 100 = 7;
