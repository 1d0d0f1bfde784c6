-- Every session books the vehicle for a day starting <session> hours into round <round>'s slot:
-- all of them overlap pairwise, so one booking wins.
INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)
VALUES (%(vehicle_id)s, %(customer_id)s, %(location_id)s, %(location_id)s,
        tstzrange(timestamptz '2030-01-01 00:00+00' + make_interval(days => 3 * %(round)s, hours => %(session)s),
                  timestamptz '2030-01-02 00:00+00' + make_interval(days => 3 * %(round)s, hours => %(session)s),
                  '[)'),
        'EUR')
RETURNING id
