INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)
VALUES (%(vehicle_id)s, %(customer_id)s, %(location_id)s, %(location_id)s,
        tstzrange('2030-01-01 00:00+00', '2030-01-02 00:00+00', '[)'), 'EUR')
RETURNING id AS rental_id
