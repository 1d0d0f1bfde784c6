-- Booking churn, step 3: cancel the round's bookings (they leave the exclusion index's scope).
UPDATE rental.rentals SET status = 'cancelled' WHERE id = ANY(%(ids)s::uuid[])
