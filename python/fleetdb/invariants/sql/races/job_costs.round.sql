-- A fresh job per round whose parts already cost 9 x 10^16 (nine lines at the line bound): there is room
-- for one more line at the bound, not two.
WITH job AS (
    INSERT INTO maintenance.jobs (vehicle_id, kind, scheduled_window, currency)
    VALUES (%(vehicle_id)s, 'repair',
            tstzrange(timestamptz '2031-01-01 00:00+00' + make_interval(days => %(round)s),
                      timestamptz '2031-01-01 01:00+00' + make_interval(days => %(round)s), '[)'),
            'EUR')
    RETURNING id
), seeded AS (
    INSERT INTO maintenance.job_parts (job_id, currency, part_number, quantity, unit_cost_minor)
    SELECT job.id, 'EUR', 'SEED', 10000, 1000000000000 FROM job, generate_series(1, 9)
)
SELECT id AS job_id FROM job
