-- Winning statements (one transaction each, whatever its number of rows).
SELECT (SELECT count(DISTINCT xmin::text) FROM rental.rentals
        WHERE vehicle_id IN (%(vehicle_id)s, %(second_vehicle_id)s) AND status IN ('reserved', 'active'))
     + (SELECT count(*) FROM maintenance.jobs WHERE vehicle_id = %(vehicle_id)s AND status IN ('scheduled', 'in_progress'))
