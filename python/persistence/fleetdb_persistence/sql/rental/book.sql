-- rental.book() inserts the reservation; the table enforces overlap, period shape, retired vehicles
-- and maintenance windows.
SELECT rental.book(%(vehicle_id)s, %(customer_id)s, %(pickup_location_id)s, %(return_location_id)s,
                   tstzrange(%(pickup_at)s, %(return_at)s, '[)'), %(currency)s)
