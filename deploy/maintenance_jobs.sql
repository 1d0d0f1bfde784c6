-- Deploy fleetdb:maintenance_jobs to pg
-- requires: maintenance_schema
-- requires: fleet_vehicles

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE maintenance.jobs (
    id               uuid          NOT NULL DEFAULT shared.uuid_v7(),
    vehicle_id       uuid          NOT NULL,
    kind             text          NOT NULL,
    status           text          NOT NULL DEFAULT 'scheduled',
    scheduled_window tstzrange     NOT NULL,
    odometer_km      numeric(9, 1),
    vendor           text,
    currency         char(3)       NOT NULL,
    notes            text          NOT NULL DEFAULT '',
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT jobs_pk PRIMARY KEY (id),
    -- Target of the (job_id, currency) foreign keys of parts and labour (MAINT-ONE-CURRENCY).
    CONSTRAINT jobs_id_currency_uq UNIQUE (id, currency),
    -- Cross-module: maintenance -> fleet.vehicles.
    CONSTRAINT jobs_vehicle_fk FOREIGN KEY (vehicle_id) REFERENCES fleet.vehicles (id),
    CONSTRAINT jobs_currency_fk FOREIGN KEY (currency) REFERENCES shared.currencies (code),
    CONSTRAINT jobs_kind_ck CHECK (kind IN ('service', 'inspection', 'repair', 'tyres', 'bodywork', 'recall')),
    CONSTRAINT jobs_status_ck CHECK (status IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
    -- RENT-PERIOD-HALF-OPEN: same period rule as rentals.
    CONSTRAINT jobs_scheduled_window_half_open_ck CHECK (
        NOT isempty(scheduled_window) AND NOT lower_inf(scheduled_window) AND NOT upper_inf(scheduled_window)
        AND lower_inc(scheduled_window) AND NOT upper_inc(scheduled_window)
        AND isfinite(lower(scheduled_window)) AND isfinite(upper(scheduled_window))),
    CONSTRAINT jobs_odometer_km_range_ck CHECK (odometer_km >= 0 AND odometer_km < 10000000)
);
-- A vehicle's jobs by time; also supports jobs_vehicle_fk and the rental/maintenance check.
CREATE INDEX jobs_vehicle_id_start_idx ON maintenance.jobs (vehicle_id, lower(scheduled_window));
CREATE INDEX jobs_currency_idx ON maintenance.jobs (currency);
-- Open jobs (the workshop's queue) by start time.
CREATE INDEX jobs_open_start_idx ON maintenance.jobs (lower(scheduled_window))
    WHERE status IN ('scheduled', 'in_progress');

COMMENT ON TABLE maintenance.jobs IS 'Maintenance work on a vehicle in a scheduled window; blocks bookings while scheduled or in progress.';
COMMENT ON COLUMN maintenance.jobs.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN maintenance.jobs.vehicle_id IS 'The vehicle serviced (fleet.vehicles).';
COMMENT ON COLUMN maintenance.jobs.kind IS 'service, inspection, repair, tyres, bodywork or recall.';
COMMENT ON COLUMN maintenance.jobs.status IS 'scheduled -> in_progress -> completed; scheduled | in_progress -> cancelled.';
COMMENT ON COLUMN maintenance.jobs.scheduled_window IS 'Half-open window [start, end) the vehicle is in the workshop.';
COMMENT ON COLUMN maintenance.jobs.odometer_km IS 'Odometer at service in km, when known.';
COMMENT ON COLUMN maintenance.jobs.vendor IS 'External workshop, NULL for in-house work.';
COMMENT ON COLUMN maintenance.jobs.currency IS 'The one currency of all parts and labour of the job.';
COMMENT ON COLUMN maintenance.jobs.notes IS 'Free-text notes of the workshop.';
COMMENT ON COLUMN maintenance.jobs.created_at IS 'When the row was written.';
COMMENT ON COLUMN maintenance.jobs.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

-- MAINT-STATUS-TRANSITION.
CREATE FUNCTION maintenance.jobs_check_status_transition() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status NOT IN ('scheduled', 'in_progress') THEN
            RAISE EXCEPTION 'a new maintenance job must be scheduled or in_progress, not %', NEW.status
                USING ERRCODE = '23514', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;
        END IF;
    ELSIF NEW.status IS DISTINCT FROM OLD.status
          AND (OLD.status, NEW.status) NOT IN (('scheduled', 'in_progress'), ('scheduled', 'cancelled'),
                                               ('in_progress', 'completed'), ('in_progress', 'cancelled')) THEN
        RAISE EXCEPTION 'maintenance job %: status % -> % is not allowed', OLD.id, OLD.status, NEW.status
            USING ERRCODE = '23514', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Allowed: scheduled->in_progress|cancelled, in_progress->completed|cancelled.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION maintenance.jobs_check_status_transition() IS
    'BEFORE INSERT OR UPDATE OF status trigger: allows only the legal status transitions of a job.';
REVOKE EXECUTE ON FUNCTION maintenance.jobs_check_status_transition() FROM PUBLIC;

CREATE TRIGGER jobs_status_transition_trg BEFORE INSERT OR UPDATE OF status ON maintenance.jobs
    FOR EACH ROW EXECUTE FUNCTION maintenance.jobs_check_status_transition();
CREATE TRIGGER jobs_touch_updated_at_trg BEFORE UPDATE ON maintenance.jobs
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

GRANT SELECT, INSERT, UPDATE ON maintenance.jobs TO fleetdb_app;
GRANT SELECT ON maintenance.jobs TO fleetdb_readonly;

COMMIT;
