-- Session 0 schedules a maintenance job on the first vehicle; session s > 0 books 20 rentals in one
-- statement (one set-based check), alternating between the two vehicles, those of the first vehicle
-- overlapping the job, those of the second overlapping every other session's: one of them wins.
WITH job AS (
    INSERT INTO maintenance.jobs (vehicle_id, kind, scheduled_window, currency)
    SELECT %(vehicle_id)s, 'service',
           tstzrange(timestamptz '2030-01-01 00:00+00' + make_interval(days => 30 * %(round)s),
                     timestamptz '2030-01-11 00:00+00' + make_interval(days => 30 * %(round)s), '[)'),
           'EUR'
    WHERE %(session)s = 0
    RETURNING id
), booking AS (
    INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)
    SELECT CASE WHEN mod(k, 2) = 1 THEN %(vehicle_id)s::uuid ELSE %(second_vehicle_id)s::uuid END,
           %(customer_id)s, %(location_id)s, %(location_id)s,
           tstzrange(timestamptz '2030-01-01 00:00+00' + make_interval(days => 30 * %(round)s + k / 2, hours => %(session)s),
                     timestamptz '2030-01-01 12:00+00' + make_interval(days => 30 * %(round)s + k / 2, hours => %(session)s),
                     '[)'),
           'EUR'
    FROM generate_series(0, 19) AS k
    WHERE %(session)s <> 0
    ORDER BY k
    RETURNING id
)
SELECT id FROM job UNION ALL SELECT id FROM booking
