INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source, recorded_by)
VALUES (%(vehicle_id)s, %(reading_km)s, %(read_at)s, %(source)s, %(recorded_by)s)
RETURNING id, vehicle_id, reading_km, read_at, source, recorded_by, created_at
