-- The live rental a booking collided with (looked up after rentals_no_overlap_excl fired).
SELECT id, vehicle_id, customer_id, pickup_location_id, return_location_id, lower(period) AS pickup_at,
       upper(period) AS return_at, status, currency, created_at, updated_at
FROM rental.rentals
WHERE vehicle_id = %(vehicle_id)s
  AND status IN ('reserved', 'active')
  AND period && tstzrange(%(pickup_at)s, %(return_at)s, '[)')
ORDER BY lower(period)
LIMIT 1
