-- Revert fleetdb:maintenance_job_cost_totals_backfill from pg

-- The start triggers again, as maintenance_job_cost_totals created them (one table per transaction).
-- The backfilled totals stay: they are exact, and the triggers keep them (reverting
-- maintenance_job_cost_totals drops them all).

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '1s';

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
CREATE TRIGGER job_parts_totals_start_trg BEFORE INSERT OR UPDATE OF job_id, quantity, unit_cost_minor OR DELETE
    ON maintenance.job_parts FOR EACH ROW EXECUTE FUNCTION maintenance.job_cost_totals_start();

COMMIT;

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '1s';

CREATE TRIGGER job_labour_totals_start_trg BEFORE INSERT OR UPDATE OF job_id, hours, rate_minor OR DELETE
    ON maintenance.job_labour FOR EACH ROW EXECUTE FUNCTION maintenance.job_cost_totals_start();

COMMIT;
