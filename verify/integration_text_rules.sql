-- Verify fleetdb:integration_text_rules on pg

BEGIN;

SELECT shared.assert_constraints('iam.outbox_events', ARRAY[
    'outbox_events_aggregate_type_length_ck', 'outbox_events_event_type_length_ck']);
SELECT shared.assert_constraints('iam.inbox_processed_messages', ARRAY[
    'inbox_processed_messages_consumer_canonical_ck', 'inbox_processed_messages_consumer_length_ck']);
SELECT shared.assert_constraints('fleet.outbox_events', ARRAY[
    'outbox_events_aggregate_type_length_ck', 'outbox_events_event_type_length_ck']);
SELECT shared.assert_constraints('fleet.inbox_processed_messages', ARRAY[
    'inbox_processed_messages_consumer_canonical_ck', 'inbox_processed_messages_consumer_length_ck']);
SELECT shared.assert_constraints('rental.outbox_events', ARRAY[
    'outbox_events_aggregate_type_length_ck', 'outbox_events_event_type_length_ck']);
SELECT shared.assert_constraints('rental.inbox_processed_messages', ARRAY[
    'inbox_processed_messages_consumer_canonical_ck', 'inbox_processed_messages_consumer_length_ck']);
SELECT shared.assert_constraints('maintenance.outbox_events', ARRAY[
    'outbox_events_aggregate_type_length_ck', 'outbox_events_event_type_length_ck']);
SELECT shared.assert_constraints('maintenance.inbox_processed_messages', ARRAY[
    'inbox_processed_messages_consumer_canonical_ck', 'inbox_processed_messages_consumer_length_ck']);
SELECT shared.assert_constraints('accounting.outbox_events', ARRAY[
    'outbox_events_aggregate_type_length_ck', 'outbox_events_event_type_length_ck']);
SELECT shared.assert_constraints('accounting.inbox_processed_messages', ARRAY[
    'inbox_processed_messages_consumer_canonical_ck', 'inbox_processed_messages_consumer_length_ck']);

ROLLBACK;
