-- Seed step: charges, payments and refunds of the chunk's rentals. Every rental that was not
-- cancelled or a no-show has a base rate and possibly extras and a discount; completed and active
-- rentals are paid in full at pickup; one payment in thirty is partly refunded (a tenth of it).

INSERT INTO rental.charges (id, rental_id, currency, kind, amount_minor, description, created_at)
SELECT pg_temp.seed_id(6, r.n * 4 + c.k), pg_temp.seed_id(5, r.n), r.currency, c.kind, c.amount, c.kind, r.pickup_at
FROM seed_chunk_rentals AS r
CROSS JOIN LATERAL (
    VALUES (0, 'base_rate', ceil(r.duration_hours / 24.0)::bigint * r.daily_rate_minor, true),
           (1, 'insurance', ceil(r.duration_hours / 24.0)::bigint * 1500, r.h % 3 = 0),
           (2, 'one_way_fee', 7500::bigint, r.h % 10 = 3),
           (3, 'discount', ceil(r.duration_hours / 24.0)::bigint * r.daily_rate_minor / 10, r.h % 11 = 0)
) AS c(k, kind, amount, wanted)
WHERE r.final_status IN ('completed', 'active', 'reserved') AND c.wanted
ORDER BY r.n, c.k;

INSERT INTO rental.payments (id, rental_id, currency, amount_minor, provider, provider_reference, received_at, created_at)
SELECT pg_temp.seed_id(7, r.n), pg_temp.seed_id(5, r.n), r.currency, t.total,
       (ARRAY['stripe', 'adyen', 'cash'])[1 + r.h % 3], 'txn-' || r.n, r.pickup_at, r.pickup_at
FROM seed_chunk_rentals AS r
CROSS JOIN LATERAL (
    SELECT ceil(r.duration_hours / 24.0)::bigint * r.daily_rate_minor
           + CASE WHEN r.h % 3 = 0 THEN ceil(r.duration_hours / 24.0)::bigint * 1500 ELSE 0 END
           + CASE WHEN r.h % 10 = 3 THEN 7500 ELSE 0 END
           - CASE WHEN r.h % 11 = 0 THEN ceil(r.duration_hours / 24.0)::bigint * r.daily_rate_minor / 10 ELSE 0 END
           AS total
) AS t
WHERE r.final_status IN ('completed', 'active')
ORDER BY r.n;

INSERT INTO rental.refunds (id, payment_id, currency, amount_minor, provider_reference, reason, refunded_at, created_at)
SELECT pg_temp.seed_id(8, r.n), pg_temp.seed_id(7, r.n), r.currency, greatest(pay.amount_minor / 10, 1),
       'rfd-' || r.n, 'goodwill: late vehicle', r.return_at, r.return_at
FROM seed_chunk_rentals AS r
JOIN rental.payments AS pay ON pay.id = pg_temp.seed_id(7, r.n)
WHERE r.final_status = 'completed' AND r.h % 30 = 7
ORDER BY r.n;
