-- Part lines enough for a backfill of the running job cost totals to take a measurable time at CI scale:
-- %(per_job)s parts of one unit at one minor unit on every job. Written with triggers off (the caller
-- sets session_replication_role = replica: superuser only): seconds instead of minutes. Parts publish
-- no event.
INSERT INTO maintenance.job_parts (job_id, currency, part_number, quantity, unit_cost_minor)
SELECT j.id, j.currency, 'FILL-' || g, 1, 1
FROM maintenance.jobs AS j, generate_series(1, %(per_job)s) AS g
