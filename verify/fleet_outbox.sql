-- Verify fleetdb:fleet_outbox on pg

-- Edited after v1.0 (docs/db/changelog.md): later changes take back what this one gave the application
-- (integration_outbox_privileges: no INSERT, no UPDATE of published_at; the publishing function runs as
-- the owner) and add a column (integration_outbox_aggregate_version). This script checks what this
-- change made that stays true; the later changes' verify scripts check the rest exactly.

BEGIN;

SELECT shared.assert_table('fleet.outbox_events', ARRAY[
    'id uuid', 'aggregate_type text', 'aggregate_id uuid', 'event_type text', 'payload jsonb',
    'occurred_at timestamp with time zone', 'txid xid8', 'sequence_no bigint', 'published_at timestamp with time zone',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']
    || ARRAY(SELECT 'aggregate_version bigint' FROM pg_attribute
             WHERE attrelid = 'fleet.outbox_events'::regclass AND attname = 'aggregate_version' AND NOT attisdropped));
SELECT shared.assert_constraints('fleet.outbox_events', ARRAY[
    'outbox_events_pk', 'outbox_events_aggregate_type_format_ck', 'outbox_events_event_type_format_ck',
    'outbox_events_payload_object_ck']);
SELECT shared.assert_indexes('fleet.outbox_events', ARRAY['outbox_events_unpublished_idx']);
SELECT shared.assert_triggers('fleet.outbox_events', ARRAY['outbox_events_touch_updated_at_trg:shared.touch_updated_at()']);
SELECT shared.assert_table('fleet.inbox_processed_messages', ARRAY[
    'consumer text', 'message_id uuid', 'processed_at timestamp with time zone',
    'created_at timestamp with time zone']);
SELECT shared.assert_constraints('fleet.inbox_processed_messages', ARRAY[
    'inbox_processed_messages_pk', 'inbox_processed_messages_consumer_not_blank_ck']);

SELECT shared.assert_function('fleet.odometer_readings_publish()', p_security_definer => (
    SELECT prosecdef FROM pg_proc WHERE oid = to_regprocedure('fleet.odometer_readings_publish()')));
SELECT shared.assert_triggers('fleet.odometer_readings', ARRAY['odometer_readings_outbox_trg:fleet.odometer_readings_publish()']);

SELECT shared.assert_grants('fleet.inbox_processed_messages', 'fleetdb_app', 'SELECT,INSERT');
SELECT shared.assert_grants('fleet.outbox_events', 'fleetdb_readonly', 'SELECT');
SELECT shared.assert_grants('fleet.inbox_processed_messages', 'fleetdb_readonly', 'SELECT');

DO $$
BEGIN
    -- The application reads events and changes none of their content (INSERT and UPDATE of
    -- published_at: granted here, taken back by integration_outbox_privileges).
    IF NOT has_table_privilege('fleetdb_app', 'fleet.outbox_events', 'SELECT')
       OR has_table_privilege('fleetdb_app', 'fleet.outbox_events', 'UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
       OR has_column_privilege('fleetdb_app', 'fleet.outbox_events', 'payload', 'UPDATE') THEN
        RAISE EXCEPTION 'fleet.outbox_events: fleetdb_app must read events and change none of their content';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                   WHERE c.oid = to_regclass('fleet.outbox_events_unpublished_idx')
                     AND pg_get_expr(i.indpred, i.indrelid) = '(published_at IS NULL)') THEN
        RAISE EXCEPTION 'fleet.outbox_events_unpublished_idx is not partial on published_at IS NULL';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'fleet.outbox_events'::regclass
                   AND attname = 'sequence_no' AND attidentity = 'a') THEN
        RAISE EXCEPTION 'fleet.outbox_events.sequence_no is not GENERATED ALWAYS AS IDENTITY';
    END IF;
END
$$;

ROLLBACK;
