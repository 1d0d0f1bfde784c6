-- A history of %(count)s readings for vehicle number %(vehicle)s, hourly, ending before 2030.
INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)
SELECT v.id, i * 0.1, timestamptz '2000-01-01' + make_interval(hours => i), 'telematics'
FROM generate_series(1, %(count)s) AS i, fleet.vehicles AS v
WHERE v.vin = 'BENCH' || lpad(%(vehicle)s::text, 12, '0')
