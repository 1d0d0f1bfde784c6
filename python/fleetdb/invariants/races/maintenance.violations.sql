-- A live rental overlapping an open maintenance job of the same vehicle.
SELECT r.id, j.id, r.period, j.scheduled_window
FROM rental.rentals AS r
JOIN maintenance.jobs AS j ON j.vehicle_id = r.vehicle_id AND j.scheduled_window && r.period
WHERE r.status IN ('reserved', 'active') AND j.status IN ('scheduled', 'in_progress')
