-- The exclusion index's size and the live bookings it must hold.
SELECT pg_relation_size('rental.rentals_no_overlap_excl'::regclass) AS bytes,
       (SELECT count(*) FROM rental.rentals WHERE status IN ('reserved', 'active')) AS live
