-- Deploy fleetdb:maintenance_job_items to pg
-- requires: maintenance_jobs

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE maintenance.job_parts (
    id              uuid           NOT NULL DEFAULT shared.uuid_v7(),
    job_id          uuid           NOT NULL,
    currency        char(3)        NOT NULL,
    part_number     text           NOT NULL,
    description     text           NOT NULL DEFAULT '',
    quantity        numeric(10, 3) NOT NULL,
    unit_cost_minor bigint         NOT NULL,
    created_at      timestamptz    NOT NULL DEFAULT now(),
    updated_at      timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT job_parts_pk PRIMARY KEY (id),
    -- MAINT-ONE-CURRENCY: parts are costed in the job's currency.
    CONSTRAINT job_parts_job_currency_fk FOREIGN KEY (job_id, currency)
        REFERENCES maintenance.jobs (id, currency) ON DELETE CASCADE,
    CONSTRAINT job_parts_part_number_not_blank_ck CHECK (btrim(part_number) <> ''),
    -- MAINT-QUANTITIES-POSITIVE.
    CONSTRAINT job_parts_quantity_positive_ck CHECK (quantity > 0),
    CONSTRAINT job_parts_unit_cost_not_negative_ck CHECK (unit_cost_minor >= 0)
);
CREATE INDEX job_parts_job_id_currency_idx ON maintenance.job_parts (job_id, currency);
CREATE TRIGGER job_parts_touch_updated_at_trg BEFORE UPDATE ON maintenance.job_parts
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

COMMENT ON TABLE maintenance.job_parts IS 'Parts used by a maintenance job.';
COMMENT ON COLUMN maintenance.job_parts.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN maintenance.job_parts.job_id IS 'The job.';
COMMENT ON COLUMN maintenance.job_parts.currency IS 'Equal to the job''s currency (composite foreign key).';
COMMENT ON COLUMN maintenance.job_parts.part_number IS 'Manufacturer or supplier part number.';
COMMENT ON COLUMN maintenance.job_parts.description IS 'What the part is.';
COMMENT ON COLUMN maintenance.job_parts.quantity IS 'Quantity used, > 0 (litres of oil may be fractional).';
COMMENT ON COLUMN maintenance.job_parts.unit_cost_minor IS 'Cost per unit in minor units, >= 0 (warranty parts cost 0).';
COMMENT ON COLUMN maintenance.job_parts.created_at IS 'When the row was written.';
COMMENT ON COLUMN maintenance.job_parts.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

CREATE TABLE maintenance.job_labour (
    id         uuid          NOT NULL DEFAULT shared.uuid_v7(),
    job_id     uuid          NOT NULL,
    currency   char(3)       NOT NULL,
    technician text          NOT NULL,
    hours      numeric(6, 2) NOT NULL,
    rate_minor bigint        NOT NULL,
    created_at timestamptz   NOT NULL DEFAULT now(),
    updated_at timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT job_labour_pk PRIMARY KEY (id),
    -- MAINT-ONE-CURRENCY.
    CONSTRAINT job_labour_job_currency_fk FOREIGN KEY (job_id, currency)
        REFERENCES maintenance.jobs (id, currency) ON DELETE CASCADE,
    CONSTRAINT job_labour_technician_not_blank_ck CHECK (btrim(technician) <> ''),
    -- MAINT-QUANTITIES-POSITIVE.
    CONSTRAINT job_labour_hours_positive_ck CHECK (hours > 0),
    CONSTRAINT job_labour_rate_not_negative_ck CHECK (rate_minor >= 0)
);
CREATE INDEX job_labour_job_id_currency_idx ON maintenance.job_labour (job_id, currency);
CREATE TRIGGER job_labour_touch_updated_at_trg BEFORE UPDATE ON maintenance.job_labour
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

COMMENT ON TABLE maintenance.job_labour IS 'Labour booked on a maintenance job.';
COMMENT ON COLUMN maintenance.job_labour.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN maintenance.job_labour.job_id IS 'The job.';
COMMENT ON COLUMN maintenance.job_labour.currency IS 'Equal to the job''s currency (composite foreign key).';
COMMENT ON COLUMN maintenance.job_labour.technician IS 'Who did the work (name or vendor staff id).';
COMMENT ON COLUMN maintenance.job_labour.hours IS 'Hours worked, > 0.';
COMMENT ON COLUMN maintenance.job_labour.rate_minor IS 'Hourly rate in minor units, >= 0.';
COMMENT ON COLUMN maintenance.job_labour.created_at IS 'When the row was written.';
COMMENT ON COLUMN maintenance.job_labour.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

GRANT SELECT, INSERT, UPDATE, DELETE ON maintenance.job_parts, maintenance.job_labour TO fleetdb_app;
GRANT SELECT ON maintenance.job_parts, maintenance.job_labour TO fleetdb_readonly;

COMMIT;
