SELECT id, rental_id, currency, amount_minor, provider, provider_reference, received_at, created_at
FROM rental.payments
WHERE provider = %(provider)s
  AND provider_reference = %(provider_reference)s
