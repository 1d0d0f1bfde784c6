-- Session 0 schedules a maintenance job, every other session books the vehicle, all for
-- overlapping times of round <round>: one of them wins.
WITH job AS (
    INSERT INTO maintenance.jobs (vehicle_id, kind, scheduled_window, currency)
    SELECT %(vehicle_id)s, 'service',
           tstzrange(timestamptz '2030-01-01 00:00+00' + make_interval(days => 3 * %(round)s),
                     timestamptz '2030-01-02 00:00+00' + make_interval(days => 3 * %(round)s), '[)'),
           'EUR'
    WHERE %(session)s = 0
    RETURNING id
), booking AS (
    INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)
    SELECT %(vehicle_id)s, %(customer_id)s, %(location_id)s, %(location_id)s,
           tstzrange(timestamptz '2030-01-01 00:00+00' + make_interval(days => 3 * %(round)s, hours => %(session)s),
                     timestamptz '2030-01-02 00:00+00' + make_interval(days => 3 * %(round)s, hours => %(session)s),
                     '[)'),
           'EUR'
    WHERE %(session)s <> 0
    RETURNING id
)
SELECT id FROM job UNION ALL SELECT id FROM booking
