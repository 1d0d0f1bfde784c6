SELECT f.id, f.payment_id, f.currency, f.amount_minor, f.provider_reference, f.reason, f.refunded_at,
       f.created_at
FROM rental.refunds f
JOIN rental.payments p ON p.id = f.payment_id
WHERE p.rental_id = ANY(%(rental_ids)s::uuid[])
ORDER BY f.payment_id, f.refunded_at, f.id
