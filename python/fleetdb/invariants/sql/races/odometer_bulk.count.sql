-- Winning statements (one transaction each, whatever its number of rows).
SELECT count(DISTINCT xmin::text) FROM fleet.odometer_readings
WHERE vehicle_id IN (%(vehicle_id)s, %(second_vehicle_id)s)
