-- A fresh vehicle per round (a retired one stays retired), at the race's branch.
INSERT INTO fleet.vehicles (vin, plate, plate_jurisdiction, make, model, model_year, home_location_id)
VALUES ('WVWZZZ1JZXR' || lpad(%(round)s::text, 6, '0'), 'RT-' || %(round)s, 'DE', 'Volkswagen', 'Golf', 2022,
        %(location_id)s)
RETURNING id AS vehicle_id
