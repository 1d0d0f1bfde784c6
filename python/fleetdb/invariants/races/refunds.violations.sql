-- Payments whose refunds add up to more than was paid.
SELECT p.id, p.amount_minor, sum(r.amount_minor) AS refunded
FROM rental.payments AS p JOIN rental.refunds AS r ON r.payment_id = p.id
GROUP BY p.id, p.amount_minor HAVING sum(r.amount_minor) > p.amount_minor
