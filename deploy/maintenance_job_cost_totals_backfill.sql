-- Deploy fleetdb:maintenance_job_cost_totals_backfill to pg
-- requires: maintenance_job_cost_totals
-- requires: shared_check_rollout

-- The running cost totals of the jobs whose lines were written before maintenance_job_cost_totals (and
-- that no line write since has started), written in batches without locking the line tables; then the
-- check that every job's totals equal its lines, and only then the end of the start triggers. Not
-- transactional: each batch commits on its own, and running the deploy again picks up where it
-- stopped (totals that exist are left alone).
--
-- Why a batch cannot count wrong: it sums each job's lines with a fresh snapshot, and every line written
-- without the triggers committed before the switch (maintenance_job_cost_totals waited for them). A line
-- written after the switch started its job's totals itself (before the line), so the batch's insert of
-- that job conflicts on job_cost_totals_pk and does nothing (or waits for the line's transaction, then
-- does nothing); a line after the batch adds itself to the batch's totals.

SET ROLE fleetdb_owner;

-- v1.0 had no bound on a job's sum: such jobs are named here, since their totals would break the checks.
CALL shared.refuse_rows(
    'job(s) whose parts or labour cost more than 10^17 minor units',
    $$SELECT CASE WHEN parts > 1e17 THEN 'job_cost_totals_parts_range_ck' ELSE 'job_cost_totals_labour_range_ck' END,
             format('job %s: parts %s, labour %s', job_id, parts, labour)
      FROM (SELECT coalesce(p.job_id, l.job_id) AS job_id, coalesce(p.parts, 0) AS parts,
                   coalesce(l.labour, 0) AS labour
            FROM (SELECT job_id, sum(round(quantity * unit_cost_minor)) AS parts
                  FROM maintenance.job_parts GROUP BY job_id) AS p
            FULL JOIN (SELECT job_id, sum(round(hours * rate_minor)) AS labour
                       FROM maintenance.job_labour GROUP BY job_id) AS l ON l.job_id = p.job_id) AS j
      WHERE parts > 1e17 OR labour > 1e17 ORDER BY job_id$$,
    'Split these jobs, or correct their lines (docs/db/runbook.md, "Rows that break a new rule"), then deploy again.');

-- 1,000 jobs a batch: a first line of a job in the batch waits for the batch's COMMIT (milliseconds).
DO $$
DECLARE
    after uuid := '00000000-0000-0000-0000-000000000000';
    upto  uuid;
BEGIN
    LOOP
        SELECT b.id INTO upto
        FROM (SELECT id FROM maintenance.jobs WHERE id > after ORDER BY id LIMIT 1000) AS b
        ORDER BY b.id DESC LIMIT 1;
        EXIT WHEN upto IS NULL;
        INSERT INTO maintenance.job_cost_totals (job_id, parts_minor, labour_minor)
        SELECT j.id,
               coalesce((SELECT sum(round(p.quantity * p.unit_cost_minor)) FROM maintenance.job_parts AS p
                         WHERE p.job_id = j.id), 0),
               coalesce((SELECT sum(round(l.hours * l.rate_minor)) FROM maintenance.job_labour AS l
                         WHERE l.job_id = j.id), 0)
        FROM maintenance.jobs AS j
        WHERE j.id > after AND j.id <= upto
          AND (EXISTS (SELECT FROM maintenance.job_parts AS p WHERE p.job_id = j.id)
               OR EXISTS (SELECT FROM maintenance.job_labour AS l WHERE l.job_id = j.id))
        ON CONFLICT ON CONSTRAINT job_cost_totals_pk DO NOTHING;
        COMMIT;
        after := upto;
    END LOOP;
END
$$;

-- The VALIDATE step: one statement, so a line and its totals are seen together or not at all.
CALL shared.refuse_rows(
    'job(s) whose running cost totals are missing or differ from their lines',
    $$SELECT 'job_cost_totals_pk',
             format('job %s: parts %s, labour %s, totals %s', coalesce(s.job_id, t.job_id),
                    coalesce(s.parts, 0), coalesce(s.labour, 0),
                    coalesce(t.parts_minor || ' and ' || t.labour_minor, 'missing'))
      FROM (SELECT coalesce(p.job_id, l.job_id) AS job_id, coalesce(p.parts, 0) AS parts,
                   coalesce(l.labour, 0) AS labour
            FROM (SELECT job_id, sum(round(quantity * unit_cost_minor)) AS parts
                  FROM maintenance.job_parts GROUP BY job_id) AS p
            FULL JOIN (SELECT job_id, sum(round(hours * rate_minor)) AS labour
                       FROM maintenance.job_labour GROUP BY job_id) AS l ON l.job_id = p.job_id) AS s
      FULL JOIN maintenance.job_cost_totals AS t ON t.job_id = s.job_id
      WHERE (t.parts_minor, t.labour_minor) IS DISTINCT FROM (coalesce(s.parts, 0), coalesce(s.labour, 0))
      ORDER BY coalesce(s.job_id, t.job_id)$$,
    'Delete these rows of maintenance.job_cost_totals as the owner, then deploy again: the backfill writes them anew.');

-- Every job with lines has its totals: a transaction whose snapshot predates them now finds them
-- committed unseen (40001 from job_cost_totals_pk), so the start triggers have done their work.
-- One table per transaction (the lock order of maintenance_job_cost_totals' revert).
BEGIN;
SET LOCAL lock_timeout = '1s';
SET LOCAL client_min_messages = warning;  -- a rerun finds them gone
DROP TRIGGER IF EXISTS job_parts_totals_start_trg ON maintenance.job_parts;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '1s';
SET LOCAL client_min_messages = warning;  -- a rerun finds them gone
DROP TRIGGER IF EXISTS job_labour_totals_start_trg ON maintenance.job_labour;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '1s';
SET LOCAL client_min_messages = warning;  -- a rerun finds them gone
DROP FUNCTION IF EXISTS maintenance.job_cost_totals_start();
COMMIT;

RESET ROLE;
