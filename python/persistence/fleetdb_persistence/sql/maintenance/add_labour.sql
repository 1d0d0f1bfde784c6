-- All labour lines in one statement.
INSERT INTO maintenance.job_labour (job_id, currency, technician, hours, rate_minor)
SELECT %(job_id)s, l.currency, l.technician, l.hours, l.rate_minor
FROM unnest(%(currencies)s::char(3)[], %(technicians)s::text[], %(hours)s::numeric[],
            %(rates_minor)s::bigint[])
     AS l(currency, technician, hours, rate_minor)
