-- Deploy fleetdb:rental_outbox to pg
-- requires: rental_rentals

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- Transactional outbox of the rental module (column mapping for Debezium's outbox event router in
-- docs/db/integration.md). A relay reads unpublished rows whose txid is below the xmin of its
-- snapshot (every transaction that could still commit an older row has finished), claims them
-- with FOR UPDATE SKIP LOCKED and sets published_at.
CREATE TABLE rental.outbox_events (
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
CREATE INDEX outbox_events_unpublished_idx ON rental.outbox_events (txid, sequence_no) WHERE published_at IS NULL;
CREATE TRIGGER outbox_events_touch_updated_at_trg BEFORE UPDATE ON rental.outbox_events
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

COMMENT ON TABLE rental.outbox_events IS 'Events of the rental module for other modules, written in the transaction of the state change.';
COMMENT ON COLUMN rental.outbox_events.id IS 'Event id (UUID v7); consumers deduplicate on it. Debezium: id.';
COMMENT ON COLUMN rental.outbox_events.aggregate_type IS 'Kind of aggregate, e.g. rental. Debezium: route.by.field (topic).';
COMMENT ON COLUMN rental.outbox_events.aggregate_id IS 'Id of the aggregate; keeps one aggregate''s events in order. Debezium: table.field.event.key.';
COMMENT ON COLUMN rental.outbox_events.event_type IS 'module.event, e.g. rental.reserved. Debezium: table.field.event.type.';
COMMENT ON COLUMN rental.outbox_events.payload IS 'Event body, a JSON object. Debezium: table.field.event.payload.';
COMMENT ON COLUMN rental.outbox_events.occurred_at IS 'When the state change happened. Debezium: table.field.event.timestamp.';
COMMENT ON COLUMN rental.outbox_events.txid IS 'Writing transaction (pg_current_xact_id()); relays read only txid < pg_snapshot_xmin(pg_current_snapshot()).';
COMMENT ON COLUMN rental.outbox_events.sequence_no IS 'Insertion order; within one transaction (same txid) the order the events were written.';
COMMENT ON COLUMN rental.outbox_events.published_at IS 'When a relay published the event; NULL while pending.';
COMMENT ON COLUMN rental.outbox_events.created_at IS 'When the row was written.';
COMMENT ON COLUMN rental.outbox_events.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

-- Inbox of the rental module's consumers: a handler inserts (consumer, message_id) with
-- ON CONFLICT DO NOTHING in its own transaction and skips the message when no row was inserted.
CREATE TABLE rental.inbox_processed_messages (
    consumer     text        NOT NULL,
    message_id   uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- INTEG-INBOX-IDEMPOTENT.
    CONSTRAINT inbox_processed_messages_pk PRIMARY KEY (consumer, message_id),
    CONSTRAINT inbox_processed_messages_consumer_not_blank_ck CHECK (btrim(consumer) <> '')
);
COMMENT ON TABLE rental.inbox_processed_messages IS 'Messages a consumer of the rental module has handled; a second delivery is a no-op.';
COMMENT ON COLUMN rental.inbox_processed_messages.consumer IS 'Name of the handler.';
COMMENT ON COLUMN rental.inbox_processed_messages.message_id IS 'Id of the handled message (the producer''s outbox event id).';
COMMENT ON COLUMN rental.inbox_processed_messages.processed_at IS 'When the handler processed it.';
COMMENT ON COLUMN rental.inbox_processed_messages.created_at IS 'When the row was written.';

-- INTEG-OUTBOX-SAME-TX: the event is written by a trigger, so it commits or rolls back with the
-- state change itself, whichever code path made it.
CREATE FUNCTION rental.rentals_publish() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
        RETURN NULL;
    END IF;
    INSERT INTO rental.outbox_events (aggregate_type, aggregate_id, event_type, payload)
    VALUES ('rental', NEW.id,
            'rental.' || CASE NEW.status WHEN 'active' THEN 'activated' ELSE NEW.status END,
            jsonb_build_object('rental_id', NEW.id, 'vehicle_id', NEW.vehicle_id, 'customer_id', NEW.customer_id,
                               'pickup_at', lower(NEW.period), 'return_at', upper(NEW.period),
                               'status', NEW.status, 'currency', NEW.currency));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION rental.rentals_publish() IS
    'AFTER INSERT OR UPDATE OF status trigger: writes rental.reserved|activated|completed|cancelled|no_show to rental.outbox_events.';
REVOKE EXECUTE ON FUNCTION rental.rentals_publish() FROM PUBLIC;
CREATE TRIGGER rentals_outbox_trg AFTER INSERT OR UPDATE OF status ON rental.rentals
    FOR EACH ROW EXECUTE FUNCTION rental.rentals_publish();

GRANT SELECT, INSERT ON rental.outbox_events, rental.inbox_processed_messages TO fleetdb_app;
GRANT UPDATE (published_at) ON rental.outbox_events TO fleetdb_app;
GRANT SELECT ON rental.outbox_events, rental.inbox_processed_messages TO fleetdb_readonly;

COMMIT;
