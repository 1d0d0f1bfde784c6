SELECT count(*) FROM rental.payments
