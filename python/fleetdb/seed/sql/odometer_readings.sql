-- Rows of the COPY into fleet.odometer_readings (id, vehicle_id, reading_km, read_at, source,
-- recorded_by), in those columns and types (binary COPY): the chunk's readings. Reading i of a vehicle
-- is taken in the i-th equal interval of the history; its value grows by 300 km per interval plus less
-- than 300 km of noise, so readings never decrease; after a replacement they start again near zero.
SELECT pg_temp.seed_id(9, (v - 1)::bigint * p.readings_per_vehicle + i + 1) AS id,
       pg_temp.seed_id(4, v) AS vehicle_id,
       (CASE WHEN v % 100 = 7 AND i >= p.readings_per_vehicle / 2 THEN 0 ELSE pg_temp.h(v) % 40000 END
           + (CASE WHEN v % 100 = 7 AND i >= p.readings_per_vehicle / 2 THEN i - p.readings_per_vehicle / 2 ELSE i END) * 300
           + (pg_temp.h((v - 1)::bigint * p.readings_per_vehicle + i + 1) % 2990) / 10.0)::numeric(9, 1) AS reading_km,
       p.history_start + make_interval(hours => i * (26280 / p.readings_per_vehicle),
                                       mins => pg_temp.h(v * 7 + i) % ((26280 / p.readings_per_vehicle) * 60 - 1))
           AS read_at,
       (CASE WHEN i % 10 = 0 THEN 'manual' ELSE 'telematics' END)::text AS source,
       CASE WHEN i % 10 = 0
            THEN pg_temp.seed_id(2, (pg_temp.vehicle_location(v, p.locations) - 1) * p.staff_per_location + 1)
       END AS recorded_by
FROM seed_params AS p
CROSS JOIN seed_chunk AS c
CROSS JOIN generate_series(c.lo, c.hi) AS v
CROSS JOIN generate_series(0, p.readings_per_vehicle - 1) AS i
ORDER BY v, i
