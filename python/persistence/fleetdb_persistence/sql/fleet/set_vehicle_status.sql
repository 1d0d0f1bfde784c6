UPDATE fleet.vehicles
SET status = %(status)s
WHERE id = %(vehicle_id)s
RETURNING id, vin, plate, plate_jurisdiction, make, model, model_year, status, home_location_id,
          created_at, updated_at
