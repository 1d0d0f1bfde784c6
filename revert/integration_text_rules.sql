-- Revert fleetdb:integration_text_rules from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE accounting.inbox_processed_messages
    DROP CONSTRAINT inbox_processed_messages_consumer_length_ck,
    DROP CONSTRAINT inbox_processed_messages_consumer_canonical_ck;
ALTER TABLE accounting.outbox_events
    DROP CONSTRAINT outbox_events_event_type_length_ck,
    DROP CONSTRAINT outbox_events_aggregate_type_length_ck;
ALTER TABLE maintenance.inbox_processed_messages
    DROP CONSTRAINT inbox_processed_messages_consumer_length_ck,
    DROP CONSTRAINT inbox_processed_messages_consumer_canonical_ck;
ALTER TABLE maintenance.outbox_events
    DROP CONSTRAINT outbox_events_event_type_length_ck,
    DROP CONSTRAINT outbox_events_aggregate_type_length_ck;
ALTER TABLE rental.inbox_processed_messages
    DROP CONSTRAINT inbox_processed_messages_consumer_length_ck,
    DROP CONSTRAINT inbox_processed_messages_consumer_canonical_ck;
ALTER TABLE rental.outbox_events
    DROP CONSTRAINT outbox_events_event_type_length_ck,
    DROP CONSTRAINT outbox_events_aggregate_type_length_ck;
ALTER TABLE fleet.inbox_processed_messages
    DROP CONSTRAINT inbox_processed_messages_consumer_length_ck,
    DROP CONSTRAINT inbox_processed_messages_consumer_canonical_ck;
ALTER TABLE fleet.outbox_events
    DROP CONSTRAINT outbox_events_event_type_length_ck,
    DROP CONSTRAINT outbox_events_aggregate_type_length_ck;
ALTER TABLE iam.inbox_processed_messages
    DROP CONSTRAINT inbox_processed_messages_consumer_length_ck,
    DROP CONSTRAINT inbox_processed_messages_consumer_canonical_ck;
ALTER TABLE iam.outbox_events
    DROP CONSTRAINT outbox_events_event_type_length_ck,
    DROP CONSTRAINT outbox_events_aggregate_type_length_ck;

COMMIT;
