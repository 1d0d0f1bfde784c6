-- Deploy fleetdb:maintenance_job_costs to pg
-- requires: maintenance_job_items

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- Costs per job in one query. Line costs are rounded to whole minor units line by line, the way
-- an invoice prints them. Each job's lines are summed in a LATERAL subquery, so parts never multiply
-- labour and a query for some jobs (by id, = ANY or a join) reads only their lines through the job_id
-- indexes instead of aggregating every line of every job first.
CREATE VIEW maintenance.job_costs AS
SELECT j.id AS job_id,
       j.vehicle_id,
       j.currency,
       coalesce(p.parts_minor, 0)::bigint AS parts_minor,
       coalesce(l.labour_minor, 0)::bigint AS labour_minor,
       (coalesce(p.parts_minor, 0) + coalesce(l.labour_minor, 0))::bigint AS total_minor
FROM maintenance.jobs j
LEFT JOIN LATERAL (SELECT sum(round(jp.quantity * jp.unit_cost_minor)) AS parts_minor
                   FROM maintenance.job_parts jp WHERE jp.job_id = j.id) p ON true
LEFT JOIN LATERAL (SELECT sum(round(jl.hours * jl.rate_minor)) AS labour_minor
                   FROM maintenance.job_labour jl WHERE jl.job_id = j.id) l ON true;

COMMENT ON VIEW maintenance.job_costs IS 'Parts, labour and total cost of every maintenance job, in the job''s currency.';
COMMENT ON COLUMN maintenance.job_costs.job_id IS 'The job.';
COMMENT ON COLUMN maintenance.job_costs.vehicle_id IS 'The vehicle serviced.';
COMMENT ON COLUMN maintenance.job_costs.currency IS 'Currency of every amount in the row.';
COMMENT ON COLUMN maintenance.job_costs.parts_minor IS 'Sum of quantity x unit cost, each line rounded to minor units.';
COMMENT ON COLUMN maintenance.job_costs.labour_minor IS 'Sum of hours x rate, each line rounded to minor units.';
COMMENT ON COLUMN maintenance.job_costs.total_minor IS 'parts_minor + labour_minor.';

GRANT SELECT ON maintenance.job_costs TO fleetdb_app, fleetdb_readonly;

COMMIT;
