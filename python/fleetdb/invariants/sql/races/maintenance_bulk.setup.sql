-- A second vehicle: every batch interleaves its readings with the first vehicle's.
INSERT INTO fleet.vehicles (vin, plate, plate_jurisdiction, make, model, model_year, home_location_id)
VALUES ('WVWZZZ1JZXW000002', 'RACE-2', 'DE', 'Volkswagen', 'Golf', 2022, %(location_id)s)
RETURNING id AS second_vehicle_id
