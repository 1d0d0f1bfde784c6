-- The provider's notification for one transaction arrives in every session at once.
INSERT INTO rental.payments (rental_id, currency, amount_minor, provider, provider_reference, received_at)
VALUES (%(rental_id)s, 'EUR', 5000 + %(session)s, 'stripe', 'race-' || %(round)s, now())
RETURNING id
