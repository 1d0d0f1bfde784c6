-- A branch, a vehicle and a customer: the resources every race fights over.
WITH location AS (
    INSERT INTO rental.locations (code, name, address, time_zone)
    VALUES ('RACE01', 'Race branch', '1 Race Road', 'Europe/Berlin')
    RETURNING id
), vehicle AS (
    INSERT INTO fleet.vehicles (vin, plate, plate_jurisdiction, make, model, model_year, home_location_id)
    SELECT 'WVWZZZ1JZXW000001', 'RACE-1', 'DE', 'Volkswagen', 'Golf', 2022, id FROM location
    RETURNING id
), customer AS (
    INSERT INTO rental.customers (full_name, driver_licence_number, driver_licence_country)
    VALUES ('Race Driver', 'RACE0001', 'DE')
    RETURNING id
)
SELECT location.id AS location_id, vehicle.id AS vehicle_id, customer.id AS customer_id
FROM location, vehicle, customer
