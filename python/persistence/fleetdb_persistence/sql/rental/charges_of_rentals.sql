SELECT id, rental_id, currency, kind, amount_minor, description, created_at
FROM rental.charges
WHERE rental_id = ANY(%(rental_ids)s::uuid[])
ORDER BY rental_id, created_at, id
