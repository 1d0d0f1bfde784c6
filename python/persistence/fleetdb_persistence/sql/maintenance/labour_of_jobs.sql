SELECT id, job_id, currency, technician, hours, rate_minor
FROM maintenance.job_labour
WHERE job_id = ANY(%(job_ids)s::uuid[])
ORDER BY job_id, created_at, id
