INSERT INTO rental.payments (rental_id, currency, amount_minor, provider, provider_reference, received_at)
SELECT r.id, %(currency)s, %(amount_minor)s, %(provider)s, %(provider_reference)s, %(received_at)s
FROM rental.rentals r
WHERE r.id = %(rental_id)s
RETURNING id, rental_id, currency, amount_minor, provider, provider_reference, received_at, created_at
