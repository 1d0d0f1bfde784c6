-- One booking: vehicle number %(vehicle)s, one day starting %(day)s days after 2030-01-01.
INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)
SELECT v.id, c.id, l.id, l.id,
       tstzrange(timestamptz '2030-01-01' + make_interval(days => %(day)s),
                 timestamptz '2030-01-01' + make_interval(days => %(day)s + 1), '[)'),
       'EUR'
FROM fleet.vehicles AS v, rental.customers AS c, rental.locations AS l
WHERE v.vin = 'BENCH' || lpad(%(vehicle)s::text, 12, '0') AND c.driver_licence_number = 'BENCH1'
  AND l.code = 'BENCH'
