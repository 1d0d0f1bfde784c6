-- A live rental of a retired vehicle.
SELECT r.id, v.id
FROM fleet.vehicles AS v
JOIN rental.rentals AS r ON r.vehicle_id = v.id
WHERE v.status = 'retired' AND r.status IN ('reserved', 'active')
