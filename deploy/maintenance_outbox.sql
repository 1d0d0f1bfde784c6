-- Deploy fleetdb:maintenance_outbox to pg
-- requires: maintenance_jobs

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- Transactional outbox of the maintenance module (column mapping for Debezium's outbox event router in
-- docs/db/integration.md). A relay reads unpublished rows whose txid is below the xmin of its
-- snapshot (every transaction that could still commit an older row has finished), claims them
-- with FOR UPDATE SKIP LOCKED and sets published_at.
CREATE TABLE maintenance.outbox_events (
    id             uuid        NOT NULL DEFAULT shared.uuid_v7(),
    aggregate_type text        NOT NULL,
    aggregate_id   uuid        NOT NULL,
    event_type     text        NOT NULL,
    payload        jsonb       NOT NULL,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    txid           xid8        NOT NULL DEFAULT pg_current_xact_id(),
    sequence_no    bigint      GENERATED ALWAYS AS IDENTITY,
    published_at   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT outbox_events_pk PRIMARY KEY (id),
    CONSTRAINT outbox_events_aggregate_type_format_ck CHECK (aggregate_type ~ '^[a-z][a-z_]*$'),
    CONSTRAINT outbox_events_event_type_format_ck CHECK (event_type ~ '^[a-z][a-z_]*\.[a-z][a-z_]*$'),
    CONSTRAINT outbox_events_payload_object_ck CHECK (jsonb_typeof(payload) = 'object')
);
-- The relay's queue: unpublished rows in commit-safe order (transaction, then write order).
CREATE INDEX outbox_events_unpublished_idx ON maintenance.outbox_events (txid, sequence_no) WHERE published_at IS NULL;
CREATE TRIGGER outbox_events_touch_updated_at_trg BEFORE UPDATE ON maintenance.outbox_events
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

COMMENT ON TABLE maintenance.outbox_events IS 'Events of the maintenance module for other modules, written in the transaction of the state change.';
COMMENT ON COLUMN maintenance.outbox_events.id IS 'Event id (UUID v7); consumers deduplicate on it. Debezium: id.';
COMMENT ON COLUMN maintenance.outbox_events.aggregate_type IS 'Kind of aggregate, e.g. rental. Debezium: route.by.field (topic).';
COMMENT ON COLUMN maintenance.outbox_events.aggregate_id IS 'Id of the aggregate; keeps one aggregate''s events in order. Debezium: table.field.event.key.';
COMMENT ON COLUMN maintenance.outbox_events.event_type IS 'module.event, e.g. rental.reserved. Debezium: table.field.event.type.';
COMMENT ON COLUMN maintenance.outbox_events.payload IS 'Event body, a JSON object. Debezium: table.field.event.payload.';
COMMENT ON COLUMN maintenance.outbox_events.occurred_at IS 'When the state change happened. Debezium: table.field.event.timestamp.';
COMMENT ON COLUMN maintenance.outbox_events.txid IS 'Writing transaction (pg_current_xact_id()); relays read only txid < pg_snapshot_xmin(pg_current_snapshot()).';
COMMENT ON COLUMN maintenance.outbox_events.sequence_no IS 'Insertion order; within one transaction (same txid) the order the events were written.';
COMMENT ON COLUMN maintenance.outbox_events.published_at IS 'When a relay published the event; NULL while pending.';
COMMENT ON COLUMN maintenance.outbox_events.created_at IS 'When the row was written.';
COMMENT ON COLUMN maintenance.outbox_events.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

-- Inbox of the maintenance module's consumers: a handler inserts (consumer, message_id) with
-- ON CONFLICT DO NOTHING in its own transaction and skips the message when no row was inserted.
CREATE TABLE maintenance.inbox_processed_messages (
    consumer     text        NOT NULL,
    message_id   uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- INTEG-INBOX-IDEMPOTENT.
    CONSTRAINT inbox_processed_messages_pk PRIMARY KEY (consumer, message_id),
    CONSTRAINT inbox_processed_messages_consumer_not_blank_ck CHECK (btrim(consumer) <> '')
);
COMMENT ON TABLE maintenance.inbox_processed_messages IS 'Messages a consumer of the maintenance module has handled; a second delivery is a no-op.';
COMMENT ON COLUMN maintenance.inbox_processed_messages.consumer IS 'Name of the handler.';
COMMENT ON COLUMN maintenance.inbox_processed_messages.message_id IS 'Id of the handled message (the producer''s outbox event id).';
COMMENT ON COLUMN maintenance.inbox_processed_messages.processed_at IS 'When the handler processed it.';
COMMENT ON COLUMN maintenance.inbox_processed_messages.created_at IS 'When the row was written.';

-- INTEG-OUTBOX-SAME-TX: the event is written by a trigger, so it commits or rolls back with the
-- state change itself, whichever code path made it.
CREATE FUNCTION maintenance.jobs_publish() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO maintenance.outbox_events (aggregate_type, aggregate_id, event_type, payload)
    VALUES ('maintenance_job', NEW.id, 'maintenance.job_completed',
            jsonb_build_object('job_id', NEW.id, 'vehicle_id', NEW.vehicle_id, 'kind', NEW.kind,
                               'odometer_km', NEW.odometer_km, 'currency', NEW.currency));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION maintenance.jobs_publish() IS
    'AFTER UPDATE OF status trigger: writes maintenance.job_completed to maintenance.outbox_events.';
REVOKE EXECUTE ON FUNCTION maintenance.jobs_publish() FROM PUBLIC;
CREATE TRIGGER jobs_outbox_trg AFTER UPDATE OF status ON maintenance.jobs
    FOR EACH ROW WHEN (NEW.status = 'completed' AND OLD.status <> 'completed')
    EXECUTE FUNCTION maintenance.jobs_publish();

GRANT SELECT, INSERT ON maintenance.outbox_events, maintenance.inbox_processed_messages TO fleetdb_app;
GRANT UPDATE (published_at) ON maintenance.outbox_events TO fleetdb_app;
GRANT SELECT ON maintenance.outbox_events, maintenance.inbox_processed_messages TO fleetdb_readonly;

COMMIT;
