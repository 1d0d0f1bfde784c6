SELECT count(*) FROM rental.refunds
