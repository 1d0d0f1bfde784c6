SELECT (SELECT count(*) FROM rental.rentals WHERE vehicle_id = %(vehicle_id)s AND status IN ('reserved', 'active'))
     + (SELECT count(*) FROM maintenance.jobs WHERE vehicle_id = %(vehicle_id)s AND status IN ('scheduled', 'in_progress'))
