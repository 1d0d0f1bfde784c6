-- A job's running cost totals are written by its lines' triggers (maintenance_job_cost_totals), never by
-- hand: totals that differ from the lines are data maintenance_job_cost_totals_backfill rightly refuses
-- to deploy onto. So the table gets rows the way the application gives it rows: a part line for each of
-- a few jobs. Before any job exists this inserts nothing, and the job lines the filler writes later
-- start the totals instead.
INSERT INTO maintenance.job_parts (job_id, currency, part_number, description, quantity, unit_cost_minor)
SELECT j.id, j.currency, 'REH-' || row_number() OVER (ORDER BY j.id), 'rehearsal seed part', 1, 1250
FROM maintenance.jobs AS j
ORDER BY j.id
LIMIT 6
