SELECT count(*) FROM fleet.odometer_readings WHERE vehicle_id = %(vehicle_id)s
