SELECT id, vehicle_id, reading_km, read_at, source, recorded_by, created_at
FROM fleet.odometer_readings
WHERE vehicle_id = %(vehicle_id)s
ORDER BY read_at, id
