-- Jobs whose parts cost more than the bound, or whose running total is not the sum of their lines.
SELECT p.job_id, p.parts, t.parts_minor
FROM (SELECT job_id, sum(round(quantity * unit_cost_minor)) AS parts FROM maintenance.job_parts GROUP BY job_id) AS p
LEFT JOIN maintenance.job_cost_totals AS t ON t.job_id = p.job_id
WHERE p.parts > 1e17 OR t.parts_minor IS DISTINCT FROM p.parts
