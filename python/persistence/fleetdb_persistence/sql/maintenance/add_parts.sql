-- All parts in one statement. A currency other than the job's violates job_parts_job_currency_fk.
INSERT INTO maintenance.job_parts (job_id, currency, part_number, description, quantity, unit_cost_minor)
SELECT %(job_id)s, p.currency, p.part_number, p.description, p.quantity, p.unit_cost_minor
FROM unnest(%(currencies)s::char(3)[], %(part_numbers)s::text[], %(descriptions)s::text[],
            %(quantities)s::numeric[], %(unit_costs_minor)s::bigint[])
     AS p(currency, part_number, description, quantity, unit_cost_minor)
