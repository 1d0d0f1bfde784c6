-- Seed step: rentals of the chunk's vehicles. A rental is inserted the way the application starts
-- one (reserved, or active for those that are under way or done) and then moved to its final status
-- by the transitions the status trigger allows: active -> completed, reserved -> cancelled | no_show.

TRUNCATE seed_chunk_rentals;
INSERT INTO seed_chunk_rentals SELECT * FROM seed_rental_plan;
ANALYZE seed_chunk_rentals;

INSERT INTO rental.rentals (id, vehicle_id, customer_id, pickup_location_id, return_location_id, period, status,
                            currency, created_at, updated_at)
SELECT pg_temp.seed_id(5, r.n), pg_temp.seed_id(4, r.v),
       pg_temp.seed_id(3, 1 + pg_temp.h(r.n * 31 + 5) % p.customers),
       pg_temp.seed_id(1, r.location_no),
       -- One rental in ten is one-way, returned at the next branch.
       pg_temp.seed_id(1, CASE WHEN r.h % 10 = 3 THEN 1 + r.location_no % p.locations ELSE r.location_no END),
       tstzrange(r.pickup_at, r.return_at, '[)'),
       CASE WHEN r.final_status IN ('completed', 'active') THEN 'active' ELSE 'reserved' END,
       r.currency,
       least(r.pickup_at - interval '5 days', p.anchor), least(r.pickup_at - interval '5 days', p.anchor)
FROM seed_params AS p CROSS JOIN seed_chunk_rentals AS r
ORDER BY r.n;

UPDATE rental.rentals AS t
SET status = r.final_status
FROM seed_chunk_rentals AS r
WHERE t.id = pg_temp.seed_id(5, r.n) AND r.final_status IN ('completed', 'cancelled', 'no_show');
