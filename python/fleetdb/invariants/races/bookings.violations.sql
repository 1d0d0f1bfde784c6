-- Two live rentals of one vehicle whose periods overlap.
SELECT a.id, b.id, a.period, b.period
FROM rental.rentals AS a
JOIN rental.rentals AS b ON a.vehicle_id = b.vehicle_id AND a.id < b.id AND a.period && b.period
WHERE a.status IN ('reserved', 'active') AND b.status IN ('reserved', 'active')
