-- No row back: no such rental. A currency other than the rental's violates charges_rental_currency_fk.
INSERT INTO rental.charges (rental_id, currency, kind, amount_minor, description)
SELECT r.id, %(currency)s, %(kind)s, %(amount_minor)s, %(description)s
FROM rental.rentals r
WHERE r.id = %(rental_id)s
RETURNING id, rental_id, currency, kind, amount_minor, description, created_at
