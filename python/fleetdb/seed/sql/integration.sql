-- Seed step: the outboxes and inboxes after a chunk. The triggers wrote one event per vehicle of
-- each statement of readings (the chunk's COPY), per rental transition, completed job and journal
-- entry in this transaction. A relay has published them all except those of the last chunk (the
-- runner skips this step there), and the consumers
-- recorded the messages they handled in their inboxes: accounting handles rental completions and
-- completed jobs, fleet handles completed jobs (to plan the next service).

INSERT INTO accounting.inbox_processed_messages (consumer, message_id, processed_at)
SELECT 'accounting.rental_completed', e.id, e.occurred_at
FROM rental.outbox_events AS e
WHERE e.published_at IS NULL AND e.txid = pg_current_xact_id() AND e.event_type = 'rental.completed';

INSERT INTO accounting.inbox_processed_messages (consumer, message_id, processed_at)
SELECT 'accounting.job_completed', e.id, e.occurred_at
FROM maintenance.outbox_events AS e
WHERE e.published_at IS NULL AND e.txid = pg_current_xact_id();

INSERT INTO fleet.inbox_processed_messages (consumer, message_id, processed_at)
SELECT 'fleet.service_planner', e.id, e.occurred_at
FROM maintenance.outbox_events AS e
WHERE e.published_at IS NULL AND e.txid = pg_current_xact_id();

UPDATE fleet.outbox_events SET published_at = now()
WHERE published_at IS NULL AND txid = pg_current_xact_id();
UPDATE rental.outbox_events SET published_at = now()
WHERE published_at IS NULL AND txid = pg_current_xact_id();
UPDATE maintenance.outbox_events SET published_at = now()
WHERE published_at IS NULL AND txid = pg_current_xact_id();
UPDATE accounting.outbox_events SET published_at = now()
WHERE published_at IS NULL AND txid = pg_current_xact_id();
