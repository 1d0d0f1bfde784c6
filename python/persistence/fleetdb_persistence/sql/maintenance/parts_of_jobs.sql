SELECT id, job_id, currency, part_number, description, quantity, unit_cost_minor
FROM maintenance.job_parts
WHERE job_id = ANY(%(job_ids)s::uuid[])
ORDER BY job_id, created_at, id
