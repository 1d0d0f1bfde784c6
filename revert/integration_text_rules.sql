-- Revert fleetdb:integration_text_rules from pg

-- No BEGIN/COMMIT: each ALTER TABLE is a transaction of its own and holds one table's ACCESS EXCLUSIVE
-- lock for a moment. With every table in one transaction, the revert held one table while it waited
-- for the next, and deadlocked with a unit of work that had written the second and then wanted the
-- first (fleetdb rehearse --under-load: rental_text_rules' revert and refunds, 40P01 in the
-- application). IF EXISTS: a revert interrupted half-way can run again.

SET lock_timeout = '5s';

ALTER TABLE accounting.inbox_processed_messages
    DROP CONSTRAINT IF EXISTS inbox_processed_messages_consumer_length_ck,
    DROP CONSTRAINT IF EXISTS inbox_processed_messages_consumer_canonical_ck;
ALTER TABLE accounting.outbox_events
    DROP CONSTRAINT IF EXISTS outbox_events_event_type_length_ck,
    DROP CONSTRAINT IF EXISTS outbox_events_aggregate_type_length_ck;
ALTER TABLE maintenance.inbox_processed_messages
    DROP CONSTRAINT IF EXISTS inbox_processed_messages_consumer_length_ck,
    DROP CONSTRAINT IF EXISTS inbox_processed_messages_consumer_canonical_ck;
ALTER TABLE maintenance.outbox_events
    DROP CONSTRAINT IF EXISTS outbox_events_event_type_length_ck,
    DROP CONSTRAINT IF EXISTS outbox_events_aggregate_type_length_ck;
ALTER TABLE rental.inbox_processed_messages
    DROP CONSTRAINT IF EXISTS inbox_processed_messages_consumer_length_ck,
    DROP CONSTRAINT IF EXISTS inbox_processed_messages_consumer_canonical_ck;
ALTER TABLE rental.outbox_events
    DROP CONSTRAINT IF EXISTS outbox_events_event_type_length_ck,
    DROP CONSTRAINT IF EXISTS outbox_events_aggregate_type_length_ck;
ALTER TABLE fleet.inbox_processed_messages
    DROP CONSTRAINT IF EXISTS inbox_processed_messages_consumer_length_ck,
    DROP CONSTRAINT IF EXISTS inbox_processed_messages_consumer_canonical_ck;
ALTER TABLE fleet.outbox_events
    DROP CONSTRAINT IF EXISTS outbox_events_event_type_length_ck,
    DROP CONSTRAINT IF EXISTS outbox_events_aggregate_type_length_ck;
ALTER TABLE iam.inbox_processed_messages
    DROP CONSTRAINT IF EXISTS inbox_processed_messages_consumer_length_ck,
    DROP CONSTRAINT IF EXISTS inbox_processed_messages_consumer_canonical_ck;
ALTER TABLE iam.outbox_events
    DROP CONSTRAINT IF EXISTS outbox_events_event_type_length_ck,
    DROP CONSTRAINT IF EXISTS outbox_events_aggregate_type_length_ck;

RESET lock_timeout;
