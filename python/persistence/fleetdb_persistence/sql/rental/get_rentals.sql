SELECT id, vehicle_id, customer_id, pickup_location_id, return_location_id, lower(period) AS pickup_at,
       upper(period) AS return_at, status, currency, created_at, updated_at
FROM rental.rentals
WHERE id = ANY(%(rental_ids)s::uuid[])
ORDER BY id
