INSERT INTO rental.refunds (payment_id, currency, amount_minor, provider_reference, reason, refunded_at)
SELECT p.id, %(currency)s, %(amount_minor)s, %(provider_reference)s, %(reason)s, %(refunded_at)s
FROM rental.payments p
WHERE p.id = %(payment_id)s
RETURNING id, payment_id, currency, amount_minor, provider_reference, reason, refunded_at, created_at
