-- The relay's batch: unpublished events, each only while no earlier event of its aggregate is still
-- unpublished. That is the lowest unpublished version of each aggregate, so at most one event per
-- aggregate per batch, and an aggregate's events are published one after the other in version order:
-- the commit order of the aggregate's changes (the publishing triggers assign versions under the
-- aggregate's lock). Events written before v1.1 have no version and come first, in their old
-- (txid, sequence_no) order. Across aggregates no order is promised: the batch is taken oldest
-- transaction first, and nothing holds it back (an event that commits late is still unpublished and
-- waits its turn within its aggregate, so no horizon is needed). SKIP LOCKED lets several relays share
-- the queue: an aggregate whose earliest event another relay holds is skipped until that relay commits.
-- outbox_events_unpublished_idx gives the order and lets the LIMIT stop early;
-- outbox_events_unpublished_aggregate_idx serves the NOT EXISTS probe.
SELECT e.id, e.aggregate_type, e.aggregate_id, e.aggregate_version, e.event_type, e.payload, e.occurred_at,
       e.published_at
FROM {outbox} AS e
WHERE e.published_at IS NULL
  AND NOT EXISTS (
      SELECT FROM {outbox} AS earlier
      WHERE earlier.published_at IS NULL
        AND earlier.aggregate_type = e.aggregate_type AND earlier.aggregate_id = e.aggregate_id
        AND (coalesce(earlier.aggregate_version, 0), earlier.txid, earlier.sequence_no)
          < (coalesce(e.aggregate_version, 0), e.txid, e.sequence_no))
ORDER BY e.txid, e.sequence_no
LIMIT %(limit)s
FOR UPDATE OF e SKIP LOCKED
