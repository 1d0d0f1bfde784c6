-- Rows every write benchmark needs: a branch, a customer, vehicles and two EUR accounts (one statement,
-- so the vehicle count can be a parameter).
WITH branch AS (
    INSERT INTO rental.locations (code, name, address, time_zone)
    VALUES ('BENCH', 'Bench branch', '1 Bench Street', 'UTC')
    RETURNING id
), customer AS (
    INSERT INTO rental.customers (full_name, driver_licence_number, driver_licence_country)
    VALUES ('Bench Customer', 'BENCH1', 'DE')
    RETURNING id
), vehicles AS (
    INSERT INTO fleet.vehicles (vin, plate, plate_jurisdiction, make, model, model_year, home_location_id)
    SELECT 'BENCH' || lpad(i::text, 12, '0'), 'B-' || i, 'DE', 'Volkswagen', 'Golf', 2024, branch.id
    FROM generate_series(1, %(vehicles)s) AS i, branch
    RETURNING id
), accounts AS (
    INSERT INTO accounting.accounts (code, name, type, currency)
    VALUES ('1000', 'Cash', 'asset', 'EUR'), ('4000', 'Rental revenue', 'revenue', 'EUR')
    RETURNING id
)
SELECT (SELECT count(*) FROM vehicles), (SELECT count(*) FROM customer), (SELECT count(*) FROM accounts)
