-- Booking churn, step 1: book. Each of the first %(vehicles)s vehicles in service takes %(per_vehicle)s
-- one-day bookings three days apart, in a year the seed leaves empty (round %(round)s shifts them a
-- month on), through every trigger and constraint. Returns the bookings' ids.
INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)
SELECT v.id, c.id, v.home_location_id, v.home_location_id,
       tstzrange(timestamptz '2031-01-01 10:00+00' + make_interval(days => 30 * %(round)s + 3 * k),
                 timestamptz '2031-01-02 10:00+00' + make_interval(days => 30 * %(round)s + 3 * k), '[)'),
       'EUR'
FROM (SELECT id, home_location_id FROM fleet.vehicles WHERE status = 'in_service' ORDER BY id LIMIT %(vehicles)s) AS v
CROSS JOIN generate_series(0, %(per_vehicle)s - 1) AS k
CROSS JOIN (SELECT id FROM rental.customers ORDER BY id LIMIT 1) AS c
RETURNING id
