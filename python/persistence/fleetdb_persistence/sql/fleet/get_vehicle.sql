SELECT id, vin, plate, plate_jurisdiction, make, model, model_year, status, home_location_id,
       created_at, updated_at
FROM fleet.vehicles
WHERE id = %(vehicle_id)s
