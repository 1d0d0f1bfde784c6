-- Session setup of a seeding connection: parameters and helpers, all in pg_temp, so nothing of the
-- seeder stays in the database. The runner sets the fleetdb_seed.* settings first (sizes.py).

CREATE TEMPORARY TABLE seed_params AS
SELECT current_setting('fleetdb_seed.scale')::int AS scale,
       current_setting('fleetdb_seed.locations')::int AS locations,
       current_setting('fleetdb_seed.staff_per_location')::int AS staff_per_location,
       current_setting('fleetdb_seed.customers')::int AS customers,
       current_setting('fleetdb_seed.vehicles')::int AS vehicles,
       current_setting('fleetdb_seed.rentals_per_vehicle')::int AS rentals_per_vehicle,
       current_setting('fleetdb_seed.readings_per_vehicle')::int AS readings_per_vehicle,
       current_setting('fleetdb_seed.jobs_per_vehicle')::int AS jobs_per_vehicle,
       current_setting('fleetdb_seed.anchor')::timestamptz AS anchor,
       current_setting('fleetdb_seed.anchor')::timestamptz - interval '1095 days' AS history_start,
       -- Rentals fill slots of equal length from history_start to 60 days after the anchor.
       (1155 * 24 / current_setting('fleetdb_seed.rentals_per_vehicle')::int) AS slot_hours;
ANALYZE seed_params;

-- The vehicles of the chunk being seeded: numbers lo..hi (inclusive).
CREATE TEMPORARY TABLE seed_chunk (lo int NOT NULL, hi int NOT NULL);

-- Deterministic ids: a row's id follows from its kind and number, so a step finds the vehicle,
-- customer or rental it refers to by arithmetic instead of a join. The layout is UUID version 7
-- (a fixed 48-bit time, version nibble 7, variant 10), so ids of one kind are ordered by number and
-- sort before ids the application creates later.
CREATE FUNCTION pg_temp.seed_id(kind int, n bigint) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ('019000000000' || '7' || lpad(to_hex(kind), 3, '0') || '8' || lpad(to_hex(n), 15, '0'))::uuid $$;

-- A non-negative pseudo-random integer from a number: the same seed gives the same data.
CREATE FUNCTION pg_temp.h(k bigint) RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT hashint8(k) & 2147483647 $$;

-- The currency of a location (and of every rental picked up there).
CREATE FUNCTION pg_temp.location_currency(location_no int) RETURNS char(3)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ((ARRAY['EUR', 'EUR', 'EUR', 'GBP', 'CHF', 'SEK', 'USD', 'PLN'])[1 + location_no % 8])::char(3) $$;

-- Home location of a vehicle.
CREATE FUNCTION pg_temp.vehicle_location(vehicle_no int, locations int) RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT 1 + (vehicle_no - 1) % locations $$;

-- One vehicle in fifty is retired at the end of the seed: it gets rentals only in the first half
-- of the history, so none is live when it retires.
CREATE FUNCTION pg_temp.vehicle_retires(vehicle_no int) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT vehicle_no % 50 = 20 $$;

-- Every rental of the chunk with its final state. Rental j of vehicle v sits in slot j; its pickup
-- is at a pseudo-random offset inside the slot and it lasts 1 to 14 days, ending at least 48 hours
-- before the slot ends (maintenance windows go there), so rentals of one vehicle never overlap.
CREATE TEMPORARY VIEW seed_rental_plan AS
SELECT r.n, r.v, r.j, r.h, r.location_no, r.pickup_at, r.pickup_at + make_interval(hours => r.duration_hours) AS return_at,
       r.duration_hours,
       CASE WHEN r.pickup_at + make_interval(hours => r.duration_hours) <= p.anchor THEN
                CASE WHEN r.h % 100 < 92 THEN 'completed' WHEN r.h % 100 < 97 THEN 'cancelled' ELSE 'no_show' END
            WHEN r.pickup_at <= p.anchor THEN 'active'
            WHEN r.h % 100 < 90 THEN 'reserved'
            ELSE 'cancelled'
       END AS final_status,
       pg_temp.location_currency(r.location_no) AS currency,
       -- Daily rate in minor units: 35.00 .. 124.00.
       3500 + (r.h / 7) % 90 * 100 AS daily_rate_minor
FROM seed_params AS p
CROSS JOIN seed_chunk AS c
CROSS JOIN generate_series(c.lo, c.hi) AS gv(vno)
CROSS JOIN generate_series(0, p.rentals_per_vehicle - 1) AS gj(jno)
CROSS JOIN LATERAL (
    SELECT (vno - 1)::bigint * p.rentals_per_vehicle + jno + 1 AS n,
           vno AS v, jno AS j,
           pg_temp.h((vno - 1)::bigint * p.rentals_per_vehicle + jno + 1) AS h,
           pg_temp.vehicle_location(vno, p.locations) AS location_no
) AS k
CROSS JOIN LATERAL (
    SELECT k.n, k.v, k.j, k.h, k.location_no,
           24 + (k.h / 3) % 13 * 24 + (k.h / 41) % 24 AS duration_hours
) AS d
CROSS JOIN LATERAL (
    SELECT d.*,
           p.history_start + make_interval(hours => d.j * p.slot_hours
               + d.h % (p.slot_hours - d.duration_hours - 48)) AS pickup_at
) AS r
WHERE NOT pg_temp.vehicle_retires(vno) OR jno < p.rentals_per_vehicle / 2;

-- The pending rentals (final status reached by updates) of the current chunk, kept for the steps
-- after the rental step: charges, payments and journal entries read it instead of recomputing.
CREATE TEMPORARY TABLE seed_chunk_rentals (
    n bigint PRIMARY KEY, v int, j int, h int, location_no int, pickup_at timestamptz, return_at timestamptz,
    duration_hours int, final_status text, currency char(3), daily_rate_minor int
);
