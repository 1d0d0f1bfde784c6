-- Deploy fleetdb:integration_text_rules to pg
-- requires: iam_outbox
-- requires: fleet_outbox
-- requires: rental_outbox
-- requires: maintenance_outbox
-- requires: accounting_outbox
-- requires: shared_check_rollout

-- Canonical consumer names and length limits of every module's outbox and inbox
-- (docs/db/conventions.md, "Canonical forms" and "Text limits"). A consumer name is half of the
-- inbox key: 'billing ' beside 'billing' would handle a message twice, so it has one spelling:
-- lower-case ASCII letters and digits, words joined by single dots, hyphens or underscores. No
-- BEGIN/COMMIT: rows of v1.0 that break a rule stop the deploy before anything changes, the checks
-- are added NOT VALID, then validated table by table in later transactions (shared_check_rollout).

SET lock_timeout = '5s';

CALL shared.add_checks_not_valid(ARRAY[
    ['iam.outbox_events', 'outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['iam.outbox_events', 'outbox_events_event_type_length_ck', 'char_length(event_type) <= 128'],
    ['iam.inbox_processed_messages', 'inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['iam.inbox_processed_messages', 'inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128'],
    ['fleet.outbox_events', 'outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['fleet.outbox_events', 'outbox_events_event_type_length_ck', 'char_length(event_type) <= 128'],
    ['fleet.inbox_processed_messages', 'inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['fleet.inbox_processed_messages', 'inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128'],
    ['rental.outbox_events', 'outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['rental.outbox_events', 'outbox_events_event_type_length_ck', 'char_length(event_type) <= 128'],
    ['rental.inbox_processed_messages', 'inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['rental.inbox_processed_messages', 'inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128'],
    ['maintenance.outbox_events', 'outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['maintenance.outbox_events', 'outbox_events_event_type_length_ck', 'char_length(event_type) <= 128'],
    ['maintenance.inbox_processed_messages', 'inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['maintenance.inbox_processed_messages', 'inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128'],
    ['accounting.outbox_events', 'outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['accounting.outbox_events', 'outbox_events_event_type_length_ck', 'char_length(event_type) <= 128'],
    ['accounting.inbox_processed_messages', 'inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['accounting.inbox_processed_messages', 'inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128']]);

CALL shared.validate_checks('iam.outbox_events', ARRAY[
    'outbox_events_aggregate_type_length_ck', 'outbox_events_event_type_length_ck']);
CALL shared.validate_checks('iam.inbox_processed_messages', ARRAY[
    'inbox_processed_messages_consumer_canonical_ck', 'inbox_processed_messages_consumer_length_ck']);
CALL shared.validate_checks('fleet.outbox_events', ARRAY[
    'outbox_events_aggregate_type_length_ck', 'outbox_events_event_type_length_ck']);
CALL shared.validate_checks('fleet.inbox_processed_messages', ARRAY[
    'inbox_processed_messages_consumer_canonical_ck', 'inbox_processed_messages_consumer_length_ck']);
CALL shared.validate_checks('rental.outbox_events', ARRAY[
    'outbox_events_aggregate_type_length_ck', 'outbox_events_event_type_length_ck']);
CALL shared.validate_checks('rental.inbox_processed_messages', ARRAY[
    'inbox_processed_messages_consumer_canonical_ck', 'inbox_processed_messages_consumer_length_ck']);
CALL shared.validate_checks('maintenance.outbox_events', ARRAY[
    'outbox_events_aggregate_type_length_ck', 'outbox_events_event_type_length_ck']);
CALL shared.validate_checks('maintenance.inbox_processed_messages', ARRAY[
    'inbox_processed_messages_consumer_canonical_ck', 'inbox_processed_messages_consumer_length_ck']);
CALL shared.validate_checks('accounting.outbox_events', ARRAY[
    'outbox_events_aggregate_type_length_ck', 'outbox_events_event_type_length_ck']);
CALL shared.validate_checks('accounting.inbox_processed_messages', ARRAY[
    'inbox_processed_messages_consumer_canonical_ck', 'inbox_processed_messages_consumer_length_ck']);

RESET lock_timeout;
