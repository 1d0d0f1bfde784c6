-- LATERAL per requested id: job_costs aggregates all parts and labour unless the job id reaches its
-- grouped subqueries as an equality, which a lateral parameter does (an = ANY(array) does not).
SELECT j.id, j.vehicle_id, j.kind, j.status, lower(j.scheduled_window) AS window_start,
       upper(j.scheduled_window) AS window_end, j.odometer_km, j.vendor, j.currency, j.notes,
       c.parts_minor, c.labour_minor, c.total_minor, j.created_at, j.updated_at
FROM unnest(%(job_ids)s::uuid[]) AS wanted(id)
JOIN maintenance.jobs j ON j.id = wanted.id
CROSS JOIN LATERAL (
    SELECT costs.parts_minor, costs.labour_minor, costs.total_minor
    FROM maintenance.job_costs costs
    WHERE costs.job_id = wanted.id
    OFFSET 0 -- keeps the subquery from being flattened, so the id stays a parameter inside it
) c
ORDER BY j.id
