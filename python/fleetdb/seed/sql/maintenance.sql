-- Seed step: maintenance jobs of the chunk's vehicles, with parts and labour. Job m of a vehicle
-- takes the last 36 to 12 hours of one slot in each group of (rentals_per_vehicle / jobs_per_vehicle),
-- where no rental is (rentals end 48 hours before their slot does). A job is inserted scheduled or
-- in progress and moved on by the allowed transitions: in_progress -> completed,
-- scheduled -> cancelled.

CREATE TEMPORARY TABLE seed_chunk_jobs ON COMMIT DROP AS
SELECT w.*,
       -- Half of the jobs of the last three weeks still run (waiting for parts).
       CASE WHEN upper(w.scheduled_window) <= p.anchor AND upper(w.scheduled_window) > p.anchor - interval '21 days'
                 AND w.h % 2 = 0 THEN 'in_progress'
            WHEN upper(w.scheduled_window) <= p.anchor THEN CASE WHEN w.h % 10 = 0 THEN 'cancelled' ELSE 'completed' END
            WHEN lower(w.scheduled_window) <= p.anchor THEN 'in_progress'
            ELSE 'scheduled'
       END AS final_status
FROM seed_params AS p
CROSS JOIN LATERAL (
    SELECT (v - 1)::bigint * p.jobs_per_vehicle + m + 1 AS n, v,
           pg_temp.h(((v - 1)::bigint * p.jobs_per_vehicle + m + 1) * 13) AS h,
           pg_temp.vehicle_location(v, p.locations) AS location_no,
           tstzrange(p.history_start + make_interval(hours => (s + 1) * p.slot_hours - 36),
                     p.history_start + make_interval(hours => (s + 1) * p.slot_hours - 12), '[)') AS scheduled_window
    FROM seed_chunk AS c
    CROSS JOIN generate_series(c.lo, c.hi) AS v
    CROSS JOIN generate_series(0, p.jobs_per_vehicle - 1) AS m
    -- Vehicles differ in which slot of each group of (rentals_per_vehicle / jobs_per_vehicle) gets the job.
    CROSS JOIN LATERAL (SELECT m * (p.rentals_per_vehicle / p.jobs_per_vehicle)
                               + v % (p.rentals_per_vehicle / p.jobs_per_vehicle) AS s) AS slot
    WHERE NOT pg_temp.vehicle_retires(v) OR s < p.rentals_per_vehicle / 2
) AS w;

INSERT INTO maintenance.jobs (id, vehicle_id, kind, status, scheduled_window, odometer_km, vendor, currency, notes,
                              created_at, updated_at)
SELECT pg_temp.seed_id(11, j.n), pg_temp.seed_id(4, j.v),
       (ARRAY['service', 'inspection', 'repair', 'tyres', 'bodywork', 'recall'])[1 + j.h % 6],
       CASE WHEN j.final_status IN ('completed', 'in_progress') THEN 'in_progress' ELSE 'scheduled' END,
       j.scheduled_window,
       CASE WHEN j.final_status = 'completed' THEN (j.h % 200000)::numeric END,
       (ARRAY['in-house', 'ATU', 'Kwik Fit', 'Euromaster'])[1 + j.h % 4],
       pg_temp.location_currency(j.location_no), '',
       lower(j.scheduled_window) - interval '14 days', lower(j.scheduled_window) - interval '14 days'
FROM seed_chunk_jobs AS j
ORDER BY j.n;

UPDATE maintenance.jobs AS t
SET status = j.final_status
FROM seed_chunk_jobs AS j
WHERE t.id = pg_temp.seed_id(11, j.n) AND j.final_status IN ('completed', 'cancelled');

INSERT INTO maintenance.job_parts (id, job_id, currency, part_number, description, quantity, unit_cost_minor)
SELECT pg_temp.seed_id(12, j.n * 2 + k), pg_temp.seed_id(11, j.n), pg_temp.location_currency(j.location_no),
       'P-' || (j.h / (k + 1)) % 9000 + 1000, 'part', 1 + (j.h / 5 + k) % 4, 1500 + (j.h / 11 + k * 7) % 20000
FROM seed_chunk_jobs AS j CROSS JOIN generate_series(0, 1) AS k
WHERE j.final_status <> 'cancelled'
ORDER BY j.n, k;

INSERT INTO maintenance.job_labour (id, job_id, currency, technician, hours, rate_minor)
SELECT pg_temp.seed_id(13, j.n), pg_temp.seed_id(11, j.n), pg_temp.location_currency(j.location_no),
       'Technician ' || (1 + j.h % 40), 0.5 + (j.h % 12) * 0.25, 6500
FROM seed_chunk_jobs AS j
WHERE j.final_status <> 'cancelled'
ORDER BY j.n;
