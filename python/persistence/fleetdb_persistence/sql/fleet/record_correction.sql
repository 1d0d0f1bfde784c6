INSERT INTO fleet.odometer_corrections (vehicle_id, kind, effective_at, reason, recorded_by)
VALUES (%(vehicle_id)s, %(kind)s, %(effective_at)s, %(reason)s, %(recorded_by)s)
RETURNING id, vehicle_id, kind, effective_at, reason, recorded_by, created_at
