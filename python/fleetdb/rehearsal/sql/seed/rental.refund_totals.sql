-- A payment's running refund total is written by its refunds' trigger (rental_refund_totals), never by
-- hand: a total that differs from the refunds is data no release could hold. So the table gets rows the
-- way the application gives it rows: a refund of one minor unit of each of a few payments. Before any
-- payment exists this inserts nothing, and the refunds the filler writes later start the totals instead.
INSERT INTO rental.refunds (payment_id, currency, amount_minor, reason, refunded_at)
SELECT p.id, p.currency, 1, 'rehearsal seed refund', p.received_at
FROM rental.payments AS p
ORDER BY p.id
LIMIT 6
