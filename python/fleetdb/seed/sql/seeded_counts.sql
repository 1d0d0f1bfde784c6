-- The counts that fix a seed's scale (SeedSizes): what a database that only fleetdb seed wrote holds.
SELECT (SELECT count(*) FROM rental.locations) AS locations,
       (SELECT count(*) FROM rental.customers) AS customers,
       (SELECT count(*) FROM fleet.vehicles) AS vehicles,
       (SELECT count(*) FROM rental.rentals) AS rentals,
       (SELECT count(*) FROM fleet.odometer_readings) AS readings
