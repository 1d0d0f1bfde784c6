-- Unpublished events in commit-safe order: only rows whose writing transaction is older than every
-- transaction still running (txid below our snapshot's xmin), so a slower transaction cannot commit
-- an earlier event behind the relay's back. SKIP LOCKED lets several relays share the queue.
-- (txid, sequence_no) is the order of outbox_events_unpublished_idx: the LIMIT stops early.
SELECT id, aggregate_type, aggregate_id, event_type, payload, occurred_at, published_at
FROM {outbox}
WHERE published_at IS NULL
  AND txid < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY txid, sequence_no
LIMIT %(limit)s
FOR UPDATE SKIP LOCKED
