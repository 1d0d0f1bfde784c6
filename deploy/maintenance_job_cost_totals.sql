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
--
-- Online: this change only switches; it backfills nothing, so it holds its locks on the line tables for a
-- moment, whatever their size. A job's first line write after it starts the job's totals from the
-- lines already recorded (job_cost_totals_start, a BEFORE trigger of both line tables), and
-- maintenance_job_cost_totals_backfill writes the totals of the other jobs later, in batches, checks
-- them against the lines and drops the start triggers. The totals stay exact throughout because:
-- * the switch waits (SHARE ROW EXCLUSIVE on both line tables, lock_timeout) until no line written
--   without the triggers is uncommitted, so every such line is committed, and summed, when a total starts;
-- * a BEFORE trigger starts the total before any line of its statement is written, so the AFTER
--   triggers of that statement's rows each add their line once;
-- * a total cannot be started from a snapshot older than this change (40001: at REPEATABLE READ such a
--   snapshot can miss a line committed just before the switch);
-- * two first lines of one job, or a first line and a backfill batch, conflict on job_cost_totals_pk.
-- Nothing here rewrites or scans the line tables.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
-- The switch waits for line writes in flight, and line writes arriving meanwhile queue behind it: fail
-- fast and deploy again rather than hold them (a transaction left open, for instance).
SET LOCAL lock_timeout = '1s';

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

-- Until maintenance_job_cost_totals_backfill: a job without totals gets them, from its lines so far,
-- before its first line write after the switch changes any line (for a line moved between jobs, both
-- jobs). pg_class is read with the transaction's snapshot: one that cannot see the totals table was
-- taken before the switch (and maybe before a line written without the triggers committed).
CREATE FUNCTION maintenance.job_cost_totals_start() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    jobs uuid[] := ARRAY[]::uuid[];
    job  uuid;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        jobs := jobs || OLD.job_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        jobs := jobs || NEW.job_id;
    END IF;
    FOREACH job IN ARRAY jobs LOOP
        CONTINUE WHEN EXISTS (SELECT FROM maintenance.job_cost_totals WHERE job_id = job);
        IF NOT EXISTS (SELECT FROM pg_class WHERE oid = 'maintenance.job_cost_totals'::regclass) THEN
            RAISE EXCEPTION 'a job''s cost totals cannot start from a snapshot taken before maintenance_job_cost_totals was deployed'
                USING ERRCODE = '40001', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                      HINT = 'Retry the transaction.';
        END IF;
        -- A concurrent first line of the same job, or a backfill batch, conflicts on job_cost_totals_pk
        -- (waits, or 40001 when it committed unseen).
        INSERT INTO maintenance.job_cost_totals (job_id, parts_minor, labour_minor)
        SELECT job,
               coalesce((SELECT sum(round(p.quantity * p.unit_cost_minor)) FROM maintenance.job_parts AS p
                         WHERE p.job_id = job), 0),
               coalesce((SELECT sum(round(l.hours * l.rate_minor)) FROM maintenance.job_labour AS l
                         WHERE l.job_id = job), 0)
        ON CONFLICT ON CONSTRAINT job_cost_totals_pk DO NOTHING;
    END LOOP;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION maintenance.job_cost_totals_start() IS
    'BEFORE row trigger of both line tables until maintenance_job_cost_totals_backfill: starts a job''s running totals from its lines so far; 40001 when the transaction''s snapshot predates the totals.';
REVOKE EXECUTE ON FUNCTION maintenance.job_cost_totals_start() FROM PUBLIC;

-- The switch: from here to COMMIT (a moment) no line is written; every line after it keeps the totals.
-- job_parts first: a unit of work writes a job's parts before its labour (MaintenanceRepository.open_job),
-- so none holds job_labour while it waits for job_parts.
LOCK TABLE maintenance.job_parts, maintenance.job_labour IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER job_parts_totals_start_trg BEFORE INSERT OR UPDATE OF job_id, quantity, unit_cost_minor OR DELETE
    ON maintenance.job_parts FOR EACH ROW EXECUTE FUNCTION maintenance.job_cost_totals_start();
CREATE TRIGGER job_labour_totals_start_trg BEFORE INSERT OR UPDATE OF job_id, hours, rate_minor OR DELETE
    ON maintenance.job_labour FOR EACH ROW EXECUTE FUNCTION maintenance.job_cost_totals_start();
CREATE TRIGGER job_parts_totals_trg AFTER INSERT OR UPDATE OF job_id, quantity, unit_cost_minor OR DELETE
    ON maintenance.job_parts FOR EACH ROW EXECUTE FUNCTION maintenance.job_parts_add_to_totals();
CREATE TRIGGER job_labour_totals_trg AFTER INSERT OR UPDATE OF job_id, hours, rate_minor OR DELETE
    ON maintenance.job_labour FOR EACH ROW EXECUTE FUNCTION maintenance.job_labour_add_to_totals();

GRANT SELECT ON maintenance.job_cost_totals TO fleetdb_app, fleetdb_readonly;

COMMIT;
