-- Verify fleetdb:maintenance_outbox on pg

-- Edited after v1.0 (docs/db/changelog.md): later changes take back what this one gave the application
-- (integration_outbox_privileges: no INSERT, no UPDATE of published_at; the publishing function runs as
-- the owner) and add a column (integration_outbox_aggregate_version). This script checks what this
-- change made that stays true; the later changes' verify scripts check the rest exactly.

BEGIN;

SELECT shared.assert_table('maintenance.outbox_events', ARRAY[
    'id uuid', 'aggregate_type text', 'aggregate_id uuid', 'event_type text', 'payload jsonb',
    'occurred_at timestamp with time zone', 'txid xid8', 'sequence_no bigint', 'published_at timestamp with time zone',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']
    || ARRAY(SELECT 'aggregate_version bigint' FROM pg_attribute
             WHERE attrelid = 'maintenance.outbox_events'::regclass AND attname = 'aggregate_version' AND NOT attisdropped));
SELECT shared.assert_constraints('maintenance.outbox_events', ARRAY[
    'outbox_events_pk', 'outbox_events_aggregate_type_format_ck', 'outbox_events_event_type_format_ck',
    'outbox_events_payload_object_ck']);
SELECT shared.assert_indexes('maintenance.outbox_events', ARRAY['outbox_events_unpublished_idx']);
SELECT shared.assert_triggers('maintenance.outbox_events', ARRAY['outbox_events_touch_updated_at_trg:shared.touch_updated_at()']);
SELECT shared.assert_table('maintenance.inbox_processed_messages', ARRAY[
    'consumer text', 'message_id uuid', 'processed_at timestamp with time zone',
    'created_at timestamp with time zone']);
SELECT shared.assert_constraints('maintenance.inbox_processed_messages', ARRAY[
    'inbox_processed_messages_pk', 'inbox_processed_messages_consumer_not_blank_ck']);

SELECT shared.assert_function('maintenance.jobs_publish()', p_security_definer => (
    SELECT prosecdef FROM pg_proc WHERE oid = to_regprocedure('maintenance.jobs_publish()')));
SELECT shared.assert_triggers('maintenance.jobs', ARRAY['jobs_outbox_trg:maintenance.jobs_publish()']);

SELECT shared.assert_grants('maintenance.inbox_processed_messages', 'fleetdb_app', 'SELECT,INSERT');
SELECT shared.assert_grants('maintenance.outbox_events', 'fleetdb_readonly', 'SELECT');
SELECT shared.assert_grants('maintenance.inbox_processed_messages', 'fleetdb_readonly', 'SELECT');

DO $$
BEGIN
    -- The application reads events and changes none of their content (INSERT and UPDATE of
    -- published_at: granted here, taken back by integration_outbox_privileges).
    IF NOT has_table_privilege('fleetdb_app', 'maintenance.outbox_events', 'SELECT')
       OR has_table_privilege('fleetdb_app', 'maintenance.outbox_events', 'UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
       OR has_column_privilege('fleetdb_app', 'maintenance.outbox_events', 'payload', 'UPDATE') THEN
        RAISE EXCEPTION 'maintenance.outbox_events: fleetdb_app must read events and change none of their content';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                   WHERE c.oid = to_regclass('maintenance.outbox_events_unpublished_idx')
                     AND pg_get_expr(i.indpred, i.indrelid) = '(published_at IS NULL)') THEN
        RAISE EXCEPTION 'maintenance.outbox_events_unpublished_idx is not partial on published_at IS NULL';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'maintenance.outbox_events'::regclass
                   AND attname = 'sequence_no' AND attidentity = 'a') THEN
        RAISE EXCEPTION 'maintenance.outbox_events.sequence_no is not GENERATED ALWAYS AS IDENTITY';
    END IF;
END
$$;

ROLLBACK;
