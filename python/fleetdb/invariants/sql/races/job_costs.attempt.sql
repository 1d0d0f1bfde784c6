-- Every session adds a part at the line bound (10^16) to the round's job: one fits under 10^17.
INSERT INTO maintenance.job_parts (job_id, currency, part_number, quantity, unit_cost_minor)
VALUES (%(job_id)s, 'EUR', 'RACE-' || %(session)s, 10000, 1000000000000)
RETURNING id
