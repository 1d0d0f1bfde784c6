-- The relay's batch: the earliest unpublished event of each aggregate (its head), at most one per
-- aggregate, so an aggregate's events are published one after the other in version order: the commit
-- order of the aggregate's changes (the publishing triggers assign versions under the aggregate's
-- lock). Events written before v1.1 have no version and come first, in their old (txid, sequence_no)
-- order. An event that commits late is still unpublished and waits its turn within its aggregate, so
-- no horizon is needed. SKIP LOCKED lets several relays share the queue: an aggregate whose head
-- another relay holds is skipped until that relay commits (its next event is not a head meanwhile).
--
-- Finding the heads costs about one index descent per aggregate of the batch, however many events an
-- aggregate has pending (a bulk load of one vehicle's readings leaves hundreds):
-- 1. oldest: the oldest `limit` pending events (outbox_events_unpublished_idx, one range read); the
--    earliest event of each aggregate among them is its head if no pending event of the aggregate sorts
--    before it in outbox_events_unpublished_aggregate_idx (one probe per aggregate, bounded above by the
--    event itself: for a head the probe finds no entry and fetches no row, however many events the
--    aggregate has pending after it). When most pending aggregates have one event each (the usual
--    queue) this fills the batch, oldest first.
-- 2. walk: when it does not (a few aggregates with many events each), a loose index scan of
--    outbox_events_unpublished_aggregate_idx, whose order (aggregate, version, txid, sequence_no) puts
--    each aggregate's head first: one descent finds the next aggregate and its head together. It starts
--    at the aggregate of the oldest pending event and goes round in aggregate order, so every pending
--    aggregate gets its turn within (pending aggregates / limit) batches.
-- Each head is locked as it is reached and the statement stops at `limit` claimed events; across
-- aggregates no order is promised, and the batch is returned oldest transaction first.
WITH RECURSIVE
oldest AS (
    SELECT e.ctid AS tid, e.aggregate_type, e.aggregate_id, coalesce(e.aggregate_version, 0) AS version, e.txid,
           e.sequence_no
    FROM {outbox} AS e
    WHERE e.published_at IS NULL
    ORDER BY e.txid, e.sequence_no
    LIMIT %(limit)s
),
oldest_heads AS (
    SELECT o.tid, o.aggregate_type, o.aggregate_id
    FROM (SELECT DISTINCT ON (aggregate_type, aggregate_id) *
          FROM oldest
          ORDER BY aggregate_type, aggregate_id, version, txid, sequence_no) AS o
    -- In the index's order with LIMIT 1: a probe per aggregate whatever the estimates (NOT EXISTS can
    -- become a hash anti join, and an unordered LIMIT 1 a sequential scan, over the whole outbox).
    LEFT JOIN LATERAL (
        SELECT true AS found
        FROM {outbox} AS e
        WHERE e.published_at IS NULL AND e.aggregate_type = o.aggregate_type AND e.aggregate_id = o.aggregate_id
          AND (coalesce(e.aggregate_version, 0), e.txid, e.sequence_no) < (o.version, o.txid, o.sequence_no)
        ORDER BY e.aggregate_type, e.aggregate_id, coalesce(e.aggregate_version, 0), e.txid, e.sequence_no
        LIMIT 1) AS earlier ON true
    WHERE earlier.found IS NULL
),
start AS (
    SELECT aggregate_type, aggregate_id FROM oldest ORDER BY txid, sequence_no LIMIT 1
),
-- From the start aggregate (included) to the last one.
onward AS (
    SELECT head.*
    FROM start AS s
    CROSS JOIN LATERAL (
        SELECT e.ctid AS tid, e.aggregate_type, e.aggregate_id
        FROM {outbox} AS e
        WHERE e.published_at IS NULL AND (e.aggregate_type, e.aggregate_id) >= (s.aggregate_type, s.aggregate_id)
        ORDER BY e.aggregate_type, e.aggregate_id, coalesce(e.aggregate_version, 0), e.txid, e.sequence_no
        LIMIT 1) AS head
    UNION ALL
    SELECT head.*
    FROM onward AS w
    CROSS JOIN LATERAL (
        SELECT e.ctid AS tid, e.aggregate_type, e.aggregate_id
        FROM {outbox} AS e
        WHERE e.published_at IS NULL AND (e.aggregate_type, e.aggregate_id) > (w.aggregate_type, w.aggregate_id)
        ORDER BY e.aggregate_type, e.aggregate_id, coalesce(e.aggregate_version, 0), e.txid, e.sequence_no
        LIMIT 1) AS head
),
-- Then round from the first aggregate to the one before the start.
around AS (
    SELECT head.*
    FROM start AS s
    CROSS JOIN LATERAL (
        SELECT e.ctid AS tid, e.aggregate_type, e.aggregate_id
        FROM {outbox} AS e
        WHERE e.published_at IS NULL AND (e.aggregate_type, e.aggregate_id) < (s.aggregate_type, s.aggregate_id)
        ORDER BY e.aggregate_type, e.aggregate_id, coalesce(e.aggregate_version, 0), e.txid, e.sequence_no
        LIMIT 1) AS head
    UNION ALL
    SELECT head.*
    FROM around AS w
    CROSS JOIN start AS s
    CROSS JOIN LATERAL (
        SELECT e.ctid AS tid, e.aggregate_type, e.aggregate_id
        FROM {outbox} AS e
        WHERE e.published_at IS NULL AND (e.aggregate_type, e.aggregate_id) > (w.aggregate_type, w.aggregate_id)
          AND (e.aggregate_type, e.aggregate_id) < (s.aggregate_type, s.aggregate_id)
        ORDER BY e.aggregate_type, e.aggregate_id, coalesce(e.aggregate_version, 0), e.txid, e.sequence_no
        LIMIT 1) AS head
),
-- Read lazily, in this order: the walk only runs when the oldest events' heads do not fill the batch.
-- A head the walk finds among the oldest events was offered already.
heads AS (
    SELECT tid FROM oldest_heads
    UNION ALL
    SELECT w.tid
    FROM (SELECT * FROM onward UNION ALL SELECT * FROM around) AS w
    WHERE NOT EXISTS (SELECT FROM oldest AS o WHERE o.tid = w.tid)
)
SELECT c.id, c.aggregate_type, c.aggregate_id, c.aggregate_version, c.event_type, c.payload, c.occurred_at,
       c.published_at
FROM (
    -- The locking subquery runs once per head. A head another relay holds is skipped; one published
    -- since this statement's snapshot fails the recheck of published_at and is skipped too.
    SELECT claimed.*
    FROM heads AS h
    CROSS JOIN LATERAL (
        SELECT e.*
        FROM {outbox} AS e
        WHERE e.ctid = h.tid AND e.published_at IS NULL
        FOR UPDATE SKIP LOCKED) AS claimed
    LIMIT %(limit)s
) AS c
ORDER BY c.txid, c.sequence_no
