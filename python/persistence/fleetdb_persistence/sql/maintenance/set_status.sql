UPDATE maintenance.jobs
SET status = %(status)s,
    odometer_km = coalesce(%(odometer_km)s, odometer_km)
WHERE id = %(job_id)s
RETURNING id
