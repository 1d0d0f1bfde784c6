-- One odometer reading of vehicle number %(vehicle)s, %(step)s hours after 2030-01-01.
INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)
SELECT v.id, %(step)s * 10.0, timestamptz '2030-01-01' + make_interval(hours => %(step)s), 'telematics'
FROM fleet.vehicles AS v
WHERE v.vin = 'BENCH' || lpad(%(vehicle)s::text, 12, '0')
