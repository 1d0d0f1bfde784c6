SELECT provider, provider_reference, count(*) FROM rental.payments
GROUP BY provider, provider_reference HAVING count(*) > 1
