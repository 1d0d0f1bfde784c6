-- Refunds enough for a backfill of the running refund totals to take a measurable time at CI scale:
-- %(per_payment)s refunds of one minor unit on every payment with room for them (its refunds stay within
-- it). Written with triggers off (the caller sets session_replication_role = replica: superuser only)
-- and ascending ids: seconds instead of minutes. Refunds publish no event.
WITH room AS (
    SELECT p.id, p.currency, row_number() OVER (ORDER BY p.id) AS n
    FROM rental.payments AS p
    WHERE p.amount_minor - (SELECT coalesce(sum(r.amount_minor), 0) FROM rental.refunds AS r WHERE r.payment_id = p.id)
          >= %(per_payment)s
)
INSERT INTO rental.refunds (id, payment_id, currency, amount_minor, reason, refunded_at)
SELECT ('01990000-0000-7002-8000-' || lpad(to_hex(room.n * 100000 + g), 12, '0'))::uuid, room.id, room.currency, 1,
       'online rehearsal fill', timestamptz '2001-01-01 00:00:00+00' + make_interval(secs => g)
FROM room, generate_series(1, %(per_payment)s) AS g
