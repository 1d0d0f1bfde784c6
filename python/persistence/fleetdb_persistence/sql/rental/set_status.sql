UPDATE rental.rentals
SET status = %(status)s
WHERE id = %(rental_id)s
RETURNING id, vehicle_id, customer_id, pickup_location_id, return_location_id, lower(period) AS pickup_at,
       upper(period) AS return_at, status, currency, created_at, updated_at
