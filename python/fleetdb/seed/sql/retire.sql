-- Seed step: retire one vehicle in fifty (once, at the end). Their rentals all lie in the first
-- half of the history, so none is live; a retired vehicle keeps its plate (vehicles_plate_in_service_uq
-- only covers vehicles in service). The list is built once (a hashed subplan), not per vehicle row.

UPDATE fleet.vehicles
SET status = 'retired'
WHERE id IN (SELECT pg_temp.seed_id(4, v)
             FROM seed_params AS p CROSS JOIN generate_series(1, p.vehicles) AS v
             WHERE pg_temp.vehicle_retires(v));
