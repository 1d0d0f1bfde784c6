-- The floor for bookings: the same table without the exclusion constraint.
ALTER TABLE rental.rentals DROP CONSTRAINT rentals_no_overlap_excl;
