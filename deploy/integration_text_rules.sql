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

-- The checks are added one table per transaction (one CALL each): a transaction that held one table
-- while it waited for the next deadlocked with application statements that lock them in the other
-- order (docs/db/changelog.md, "v1.1 scripts edited after the tag"). Every table's rows are checked
-- first, so rows of v1.0 that break a rule still stop the deploy before anything changes.

CALL shared.assert_rows_pass('iam.outbox_events', ARRAY[
    ['outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['outbox_events_event_type_length_ck', 'char_length(event_type) <= 128']]);

CALL shared.assert_rows_pass('iam.inbox_processed_messages', ARRAY[
    ['inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128']]);

CALL shared.assert_rows_pass('fleet.outbox_events', ARRAY[
    ['outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['outbox_events_event_type_length_ck', 'char_length(event_type) <= 128']]);

CALL shared.assert_rows_pass('fleet.inbox_processed_messages', ARRAY[
    ['inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128']]);

CALL shared.assert_rows_pass('rental.outbox_events', ARRAY[
    ['outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['outbox_events_event_type_length_ck', 'char_length(event_type) <= 128']]);

CALL shared.assert_rows_pass('rental.inbox_processed_messages', ARRAY[
    ['inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128']]);

CALL shared.assert_rows_pass('maintenance.outbox_events', ARRAY[
    ['outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['outbox_events_event_type_length_ck', 'char_length(event_type) <= 128']]);

CALL shared.assert_rows_pass('maintenance.inbox_processed_messages', ARRAY[
    ['inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128']]);

CALL shared.assert_rows_pass('accounting.outbox_events', ARRAY[
    ['outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['outbox_events_event_type_length_ck', 'char_length(event_type) <= 128']]);

CALL shared.assert_rows_pass('accounting.inbox_processed_messages', ARRAY[
    ['inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['iam.outbox_events', 'outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['iam.outbox_events', 'outbox_events_event_type_length_ck', 'char_length(event_type) <= 128']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['iam.inbox_processed_messages', 'inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['iam.inbox_processed_messages', 'inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['fleet.outbox_events', 'outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['fleet.outbox_events', 'outbox_events_event_type_length_ck', 'char_length(event_type) <= 128']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['fleet.inbox_processed_messages', 'inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['fleet.inbox_processed_messages', 'inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['rental.outbox_events', 'outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['rental.outbox_events', 'outbox_events_event_type_length_ck', 'char_length(event_type) <= 128']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['rental.inbox_processed_messages', 'inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['rental.inbox_processed_messages', 'inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['maintenance.outbox_events', 'outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['maintenance.outbox_events', 'outbox_events_event_type_length_ck', 'char_length(event_type) <= 128']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['maintenance.inbox_processed_messages', 'inbox_processed_messages_consumer_canonical_ck',
     $$consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'$$],
    ['maintenance.inbox_processed_messages', 'inbox_processed_messages_consumer_length_ck',
     'char_length(consumer) <= 128']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['accounting.outbox_events', 'outbox_events_aggregate_type_length_ck', 'char_length(aggregate_type) <= 64'],
    ['accounting.outbox_events', 'outbox_events_event_type_length_ck', 'char_length(event_type) <= 128']]);

CALL shared.add_checks_not_valid(ARRAY[
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
