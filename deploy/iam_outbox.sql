-- Deploy fleetdb:iam_outbox to pg
-- requires: iam_schema

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- Transactional outbox of the iam module (column mapping for Debezium's outbox event router in
-- docs/db/integration.md). A relay reads unpublished rows whose txid is below the xmin of its
-- snapshot (every transaction that could still commit an older row has finished), claims them
-- with FOR UPDATE SKIP LOCKED and sets published_at.
CREATE TABLE iam.outbox_events (
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
CREATE INDEX outbox_events_unpublished_idx ON iam.outbox_events (txid, sequence_no) WHERE published_at IS NULL;
CREATE TRIGGER outbox_events_touch_updated_at_trg BEFORE UPDATE ON iam.outbox_events
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

COMMENT ON TABLE iam.outbox_events IS 'Events of the iam module for other modules, written in the transaction of the state change.';
COMMENT ON COLUMN iam.outbox_events.id IS 'Event id (UUID v7); consumers deduplicate on it. Debezium: id.';
COMMENT ON COLUMN iam.outbox_events.aggregate_type IS 'Kind of aggregate, e.g. rental. Debezium: route.by.field (topic).';
COMMENT ON COLUMN iam.outbox_events.aggregate_id IS 'Id of the aggregate; keeps one aggregate''s events in order. Debezium: table.field.event.key.';
COMMENT ON COLUMN iam.outbox_events.event_type IS 'module.event, e.g. rental.reserved. Debezium: table.field.event.type.';
COMMENT ON COLUMN iam.outbox_events.payload IS 'Event body, a JSON object. Debezium: table.field.event.payload.';
COMMENT ON COLUMN iam.outbox_events.occurred_at IS 'When the state change happened. Debezium: table.field.event.timestamp.';
COMMENT ON COLUMN iam.outbox_events.txid IS 'Writing transaction (pg_current_xact_id()); relays read only txid < pg_snapshot_xmin(pg_current_snapshot()).';
COMMENT ON COLUMN iam.outbox_events.sequence_no IS 'Insertion order; within one transaction (same txid) the order the events were written.';
COMMENT ON COLUMN iam.outbox_events.published_at IS 'When a relay published the event; NULL while pending.';
COMMENT ON COLUMN iam.outbox_events.created_at IS 'When the row was written.';
COMMENT ON COLUMN iam.outbox_events.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

-- Inbox of the iam module's consumers: a handler inserts (consumer, message_id) with
-- ON CONFLICT DO NOTHING in its own transaction and skips the message when no row was inserted.
CREATE TABLE iam.inbox_processed_messages (
    consumer     text        NOT NULL,
    message_id   uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- INTEG-INBOX-IDEMPOTENT.
    CONSTRAINT inbox_processed_messages_pk PRIMARY KEY (consumer, message_id),
    CONSTRAINT inbox_processed_messages_consumer_not_blank_ck CHECK (btrim(consumer) <> '')
);
COMMENT ON TABLE iam.inbox_processed_messages IS 'Messages a consumer of the iam module has handled; a second delivery is a no-op.';
COMMENT ON COLUMN iam.inbox_processed_messages.consumer IS 'Name of the handler.';
COMMENT ON COLUMN iam.inbox_processed_messages.message_id IS 'Id of the handled message (the producer''s outbox event id).';
COMMENT ON COLUMN iam.inbox_processed_messages.processed_at IS 'When the handler processed it.';
COMMENT ON COLUMN iam.inbox_processed_messages.created_at IS 'When the row was written.';

GRANT SELECT, INSERT ON iam.outbox_events, iam.inbox_processed_messages TO fleetdb_app;
GRANT UPDATE (published_at) ON iam.outbox_events TO fleetdb_app;
GRANT SELECT ON iam.outbox_events, iam.inbox_processed_messages TO fleetdb_readonly;

COMMIT;
