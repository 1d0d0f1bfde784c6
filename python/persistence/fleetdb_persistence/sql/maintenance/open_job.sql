INSERT INTO maintenance.jobs (vehicle_id, kind, status, scheduled_window, vendor, currency, notes)
VALUES (%(vehicle_id)s, %(kind)s, %(status)s, tstzrange(%(window_start)s, %(window_end)s, '[)'), %(vendor)s,
        %(currency)s, %(notes)s)
RETURNING id
