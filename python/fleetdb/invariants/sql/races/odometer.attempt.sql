-- Session s reads <1000 * (round + 1) - s> km at <s> minutes into round <round>: a later reading
-- with a lower value, so any two of them together decrease; one wins.
INSERT INTO fleet.odometer_readings (vehicle_id, reading_km, read_at, source)
VALUES (%(vehicle_id)s, 1000 * (%(round)s + 1) - %(session)s,
        timestamptz '2030-01-01 00:00+00' + make_interval(days => %(round)s, mins => %(session)s),
        'telematics')
RETURNING id
