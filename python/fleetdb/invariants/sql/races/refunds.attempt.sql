INSERT INTO rental.refunds (payment_id, currency, amount_minor, reason, refunded_at)
VALUES (%(payment_id)s, 'EUR', 6000, 'race by session ' || %(session)s, now())
RETURNING id
