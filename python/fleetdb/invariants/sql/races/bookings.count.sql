SELECT count(*) FROM rental.rentals WHERE vehicle_id = %(vehicle_id)s AND status IN ('reserved', 'active')
