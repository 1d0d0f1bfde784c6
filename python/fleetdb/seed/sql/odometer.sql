-- Seed step: odometer corrections and readings of the chunk's vehicles. Reading i of a vehicle is
-- taken in the i-th equal interval of the history; its value grows by 300 km per interval plus less
-- than 300 km of noise, so readings never decrease. One vehicle in a hundred had its odometer
-- replaced halfway: a replacement event starts a new segment whose readings start again near zero.

INSERT INTO fleet.odometer_corrections (id, vehicle_id, kind, effective_at, reason, recorded_by)
SELECT pg_temp.seed_id(10, v), pg_temp.seed_id(4, v), 'replacement',
       p.history_start + make_interval(hours => (p.readings_per_vehicle / 2) * (26280 / p.readings_per_vehicle)),
       'instrument cluster replaced',
       pg_temp.seed_id(2, (pg_temp.vehicle_location(v, p.locations) - 1) * p.staff_per_location + 1)
FROM seed_params AS p
CROSS JOIN seed_chunk AS c
CROSS JOIN generate_series(c.lo, c.hi) AS v
WHERE v % 100 = 7;

INSERT INTO fleet.odometer_readings (id, vehicle_id, reading_km, read_at, source, recorded_by)
SELECT pg_temp.seed_id(9, (v - 1)::bigint * p.readings_per_vehicle + i + 1),
       pg_temp.seed_id(4, v),
       CASE WHEN v % 100 = 7 AND i >= p.readings_per_vehicle / 2 THEN 0 ELSE pg_temp.h(v) % 40000 END
           + (CASE WHEN v % 100 = 7 AND i >= p.readings_per_vehicle / 2 THEN i - p.readings_per_vehicle / 2 ELSE i END) * 300
           + (pg_temp.h((v - 1)::bigint * p.readings_per_vehicle + i + 1) % 2990) / 10.0,
       p.history_start + make_interval(hours => i * (26280 / p.readings_per_vehicle),
                                       mins => pg_temp.h(v * 7 + i) % ((26280 / p.readings_per_vehicle) * 60 - 1)),
       CASE WHEN i % 10 = 0 THEN 'manual' ELSE 'telematics' END,
       CASE WHEN i % 10 = 0
            THEN pg_temp.seed_id(2, (pg_temp.vehicle_location(v, p.locations) - 1) * p.staff_per_location + 1) END
FROM seed_params AS p
CROSS JOIN seed_chunk AS c
CROSS JOIN generate_series(c.lo, c.hi) AS v
CROSS JOIN generate_series(0, p.readings_per_vehicle - 1) AS i
ORDER BY v, i;
