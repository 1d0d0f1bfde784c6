-- A fresh payment of 100.00 EUR per round; every session tries to refund 60.00 of it.
INSERT INTO rental.payments (rental_id, currency, amount_minor, provider, provider_reference, received_at)
VALUES (%(rental_id)s, 'EUR', 10000, 'stripe', 'race-payment-' || %(round)s, now())
RETURNING id AS payment_id
