INSERT INTO fleet.vehicles (vin, plate, plate_jurisdiction, make, model, model_year, home_location_id)
VALUES (%(vin)s, %(plate)s, %(plate_jurisdiction)s, %(make)s, %(model)s, %(model_year)s, %(home_location_id)s)
RETURNING id, vin, plate, plate_jurisdiction, make, model, model_year, status, home_location_id,
          created_at, updated_at
