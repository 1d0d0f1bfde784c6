-- A page of vehicles (keyset on id) with each one's latest odometer reading, in one statement. The page
-- is cut first and only its vehicles look up their reading (one descent of
-- odometer_readings_vehicle_id_read_at_idx each). No tie-breaker after read_at: readings of one instant
-- agree (FLEET-ODOMETER-MONOTONIC), so any of them gives the same km and time.
SELECT v.id, v.vin, v.plate, v.plate_jurisdiction, v.make, v.model, v.model_year, v.status,
       v.home_location_id, o.reading_km AS odometer_km, o.read_at AS odometer_read_at
FROM (
    SELECT *
    FROM fleet.vehicles
    WHERE (%(home_location_id)s::uuid IS NULL OR home_location_id = %(home_location_id)s::uuid)
      AND (%(after_id)s::uuid IS NULL OR id > %(after_id)s::uuid)
    ORDER BY id
    LIMIT %(limit)s
) v
LEFT JOIN LATERAL (
    SELECT r.reading_km, r.read_at
    FROM fleet.odometer_readings r
    WHERE r.vehicle_id = v.id
    ORDER BY r.read_at DESC
    LIMIT 1
) o ON true
ORDER BY v.id
