-- Deploy fleetdb:maintenance_job_cost_totals to pg
-- requires: maintenance_job_items
-- requires: maintenance_amount_bounds
-- requires: shared_check_rollout

-- MAINT-COST-BOUNDED for a whole job. maintenance_amount_bounds keeps one line's cost inside bigint
-- (at most 10^16), but maintenance.job_costs sums a job's lines and casts the sums to bigint: 923 part
-- lines at the line bound, or any number of smaller ones, still made SELECT * FROM maintenance.job_costs
-- fail with 22003 for every reader. Now each job's parts and labour are running totals
-- (maintenance.job_cost_totals), each at most 10^17 (ten lines at the line bound): the view's sums are
-- at most 10^17 and its total at most 2 x 10^17, far inside bigint (about 9.2 x 10^18).
-- Every write of a line adds its cost to its job's total (and a change or delete takes the old cost
-- away) with an upsert: a real write, so two sessions adding lines to one job conflict at every
-- isolation level (the later one waits and adds to the new total, or fails with 40001); the bound is a
-- CHECK on the totals, whoever writes them.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

-- No line may change between the backfill and the triggers (reads and other tables go on; line writes
-- wait for this change, a few seconds at most). Batching would let a line written between two batches
-- go uncounted.
LOCK TABLE maintenance.job_parts, maintenance.job_labour IN SHARE ROW EXCLUSIVE MODE;

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

CREATE TABLE maintenance.job_cost_totals (
    job_id       uuid        NOT NULL,
    parts_minor  bigint      NOT NULL DEFAULT 0,
    labour_minor bigint      NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- No foreign key to maintenance.jobs: the row is written by the lines' triggers, and a key would
    -- fight the cascade that deletes a job's lines (the lines' delete triggers write this row while
    -- the job's own delete would cascade to it).
    CONSTRAINT job_cost_totals_pk PRIMARY KEY (job_id),
    CONSTRAINT job_cost_totals_parts_range_ck CHECK (parts_minor BETWEEN 0 AND 100000000000000000),
    CONSTRAINT job_cost_totals_labour_range_ck CHECK (labour_minor BETWEEN 0 AND 100000000000000000)
);

COMMENT ON TABLE maintenance.job_cost_totals IS
    'Running totals of the line costs of a job (MAINT-COST-BOUNDED), kept by the lines'' triggers; one row per job that has had a line.';
COMMENT ON COLUMN maintenance.job_cost_totals.job_id IS 'The job (maintenance.jobs.id).';
COMMENT ON COLUMN maintenance.job_cost_totals.parts_minor IS 'Sum of round(quantity x unit cost) over the job''s parts; at most 10^17.';
COMMENT ON COLUMN maintenance.job_cost_totals.labour_minor IS 'Sum of round(hours x rate) over the job''s labour lines; at most 10^17.';
COMMENT ON COLUMN maintenance.job_cost_totals.created_at IS 'When the job''s first line was written (or this change was deployed).';

INSERT INTO maintenance.job_cost_totals (job_id, parts_minor, labour_minor)
SELECT coalesce(p.job_id, l.job_id), coalesce(p.parts, 0), coalesce(l.labour, 0)
FROM (SELECT job_id, sum(round(quantity * unit_cost_minor)) AS parts
      FROM maintenance.job_parts GROUP BY job_id) AS p
FULL JOIN (SELECT job_id, sum(round(hours * rate_minor)) AS labour
           FROM maintenance.job_labour GROUP BY job_id) AS l ON l.job_id = p.job_id;

-- The old cost leaves the old job first (an UPDATE: the row exists since the line was counted), then
-- the new cost joins the new job (an upsert on job_cost_totals_pk: a job's first line creates the row;
-- not for the old cost, because a CHECK is tested on the row proposed for insertion before the
-- conflict turns it into an update). A line moved, repriced or deleted is counted exactly once.
CREATE FUNCTION maintenance.job_parts_add_to_totals() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE maintenance.job_cost_totals SET parts_minor = parts_minor - round(OLD.quantity * OLD.unit_cost_minor)
        WHERE job_id = OLD.job_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO maintenance.job_cost_totals AS t (job_id, parts_minor)
        VALUES (NEW.job_id, round(NEW.quantity * NEW.unit_cost_minor))
        ON CONFLICT ON CONSTRAINT job_cost_totals_pk DO UPDATE SET parts_minor = t.parts_minor + excluded.parts_minor;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION maintenance.job_parts_add_to_totals() IS
    'AFTER INSERT, UPDATE OF job_id, quantity, unit_cost_minor OR DELETE trigger: moves the part''s cost in and out of its job''s running total (job_cost_totals).';
REVOKE EXECUTE ON FUNCTION maintenance.job_parts_add_to_totals() FROM PUBLIC;

CREATE FUNCTION maintenance.job_labour_add_to_totals() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE maintenance.job_cost_totals SET labour_minor = labour_minor - round(OLD.hours * OLD.rate_minor)
        WHERE job_id = OLD.job_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO maintenance.job_cost_totals AS t (job_id, labour_minor)
        VALUES (NEW.job_id, round(NEW.hours * NEW.rate_minor))
        ON CONFLICT ON CONSTRAINT job_cost_totals_pk DO UPDATE SET labour_minor = t.labour_minor + excluded.labour_minor;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION maintenance.job_labour_add_to_totals() IS
    'AFTER INSERT, UPDATE OF job_id, hours, rate_minor OR DELETE trigger: moves the labour line''s cost in and out of its job''s running total (job_cost_totals).';
REVOKE EXECUTE ON FUNCTION maintenance.job_labour_add_to_totals() FROM PUBLIC;

CREATE TRIGGER job_parts_totals_trg AFTER INSERT OR UPDATE OF job_id, quantity, unit_cost_minor OR DELETE
    ON maintenance.job_parts FOR EACH ROW EXECUTE FUNCTION maintenance.job_parts_add_to_totals();
CREATE TRIGGER job_labour_totals_trg AFTER INSERT OR UPDATE OF job_id, hours, rate_minor OR DELETE
    ON maintenance.job_labour FOR EACH ROW EXECUTE FUNCTION maintenance.job_labour_add_to_totals();

GRANT SELECT ON maintenance.job_cost_totals TO fleetdb_app, fleetdb_readonly;

COMMIT;
