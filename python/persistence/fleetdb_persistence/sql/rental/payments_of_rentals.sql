SELECT id, rental_id, currency, amount_minor, provider, provider_reference, received_at, created_at
FROM rental.payments
WHERE rental_id = ANY(%(rental_ids)s::uuid[])
ORDER BY rental_id, received_at, id
