SELECT j.id, j.vehicle_id, j.kind, j.status, lower(j.scheduled_window) AS window_start,
       upper(j.scheduled_window) AS window_end, j.odometer_km, j.vendor, j.currency, j.notes,
       c.parts_minor, c.labour_minor, c.total_minor, j.created_at, j.updated_at
FROM maintenance.jobs j
JOIN maintenance.job_costs c ON c.job_id = j.id
WHERE j.id = ANY(%(job_ids)s::uuid[])
ORDER BY j.id
