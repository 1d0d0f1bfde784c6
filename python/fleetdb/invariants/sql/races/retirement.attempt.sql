-- Session 0 retires the round's vehicle, every other session books it for overlapping days: the
-- retirement wins (and no booking is made) or one booking does (and the vehicle stays in service).
WITH retired AS (
    UPDATE fleet.vehicles SET status = 'retired'
    WHERE id = %(vehicle_id)s AND %(session)s = 0
    RETURNING id
), booking AS (
    INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)
    SELECT %(vehicle_id)s, %(customer_id)s, %(location_id)s, %(location_id)s,
           tstzrange(timestamptz '2030-01-01 00:00+00' + make_interval(hours => %(session)s),
                     timestamptz '2030-01-02 00:00+00' + make_interval(hours => %(session)s), '[)'),
           'EUR'
    WHERE %(session)s <> 0
    RETURNING id
)
SELECT id FROM retired UNION ALL SELECT id FROM booking
