-- %(count)s completed-then-reserved rentals spread over the bench vehicles, one day each, in the past
-- (before 2030) so the timed bookings never collide with them.
INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)
SELECT v.id, c.id, l.id, l.id,
       tstzrange(timestamptz '2000-01-01' + make_interval(days => (i / vcount)::int),
                 timestamptz '2000-01-01' + make_interval(days => (i / vcount)::int + 1), '[)'),
       'EUR'
FROM generate_series(0, %(count)s - 1) AS i
CROSS JOIN (SELECT count(*) AS vcount FROM fleet.vehicles WHERE vin LIKE 'BENCH%%') AS n
JOIN fleet.vehicles AS v ON v.vin = 'BENCH' || lpad((i %% vcount + 1)::text, 12, '0')
CROSS JOIN rental.customers AS c
CROSS JOIN rental.locations AS l
WHERE c.driver_licence_number = 'BENCH1' AND l.code = 'BENCH'
