-- A page of vehicles (keyset on id) with each one's latest odometer reading, in one statement.
SELECT v.id, v.vin, v.plate, v.plate_jurisdiction, v.make, v.model, v.model_year, v.status,
       v.home_location_id, o.reading_km AS odometer_km, o.read_at AS odometer_read_at
FROM fleet.vehicles v
LEFT JOIN LATERAL (
    SELECT r.reading_km, r.read_at
    FROM fleet.odometer_readings r
    WHERE r.vehicle_id = v.id
    ORDER BY r.read_at DESC, r.id DESC
    LIMIT 1
) o ON true
WHERE (%(home_location_id)s::uuid IS NULL OR v.home_location_id = %(home_location_id)s::uuid)
  AND (%(after_id)s::uuid IS NULL OR v.id > %(after_id)s::uuid)
ORDER BY v.id
LIMIT %(limit)s
