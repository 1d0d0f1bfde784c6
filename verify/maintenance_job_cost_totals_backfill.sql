-- Verify fleetdb:maintenance_job_cost_totals_backfill on pg

BEGIN;

DO $$
BEGIN
    IF to_regprocedure('maintenance.job_cost_totals_start()') IS NOT NULL
       OR EXISTS (SELECT FROM pg_trigger
                  WHERE tgname IN ('job_parts_totals_start_trg', 'job_labour_totals_start_trg')) THEN
        RAISE EXCEPTION 'maintenance.job_cost_totals still has its start triggers: the backfill has not finished';
    END IF;
    -- What the backfill claims: every job's running totals are its lines' costs.
    IF EXISTS (
        SELECT FROM (SELECT coalesce(p.job_id, l.job_id) AS job_id, coalesce(p.parts, 0) AS parts,
                            coalesce(l.labour, 0) AS labour
                     FROM (SELECT job_id, sum(round(quantity * unit_cost_minor)) AS parts
                           FROM maintenance.job_parts GROUP BY job_id) AS p
                     FULL JOIN (SELECT job_id, sum(round(hours * rate_minor)) AS labour
                                FROM maintenance.job_labour GROUP BY job_id) AS l ON l.job_id = p.job_id) AS s
        FULL JOIN maintenance.job_cost_totals AS t ON t.job_id = s.job_id
        WHERE (t.parts_minor, t.labour_minor) IS DISTINCT FROM (coalesce(s.parts, 0), coalesce(s.labour, 0))) THEN
        RAISE EXCEPTION 'maintenance.job_cost_totals differs from the job lines';
    END IF;
END
$$;

ROLLBACK;
