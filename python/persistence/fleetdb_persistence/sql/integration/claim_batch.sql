-- The relay's batch: the earliest unpublished event of each aggregate (its head), at most one per
-- aggregate, so an aggregate's events are published one after the other in version order: the commit
-- order of the aggregate's changes (the publishing triggers assign versions under the aggregate's
-- lock). Events written before v1.1 have no version and come first, in their old (txid, sequence_no)
-- order. An event that commits late is still unpublished and waits its turn within its aggregate, so
-- no horizon is needed. SKIP LOCKED lets several relays share the queue: an aggregate whose head
-- another relay holds is skipped until that relay commits (its next event is not a head meanwhile).
--
-- The claim walks aggregates, not events: outbox_events_unpublished_aggregate_idx holds pending events
-- in (aggregate, version, txid, sequence_no) order, so one descent per aggregate finds the next
-- aggregate and its head together (a loose index scan), however many events the aggregate has pending
-- (a bulk load of one vehicle's readings leaves hundreds). The walk starts at the aggregate of the
-- oldest pending event (outbox_events_unpublished_idx: one descent) and goes round in aggregate order,
-- so that aggregate is always in the batch, every pending aggregate gets its turn within
-- (pending aggregates / limit) batches, and a batch costs about `limit` descents. Across aggregates no
-- order is promised; the batch is returned oldest transaction first.
WITH RECURSIVE
start AS (
    SELECT e.aggregate_type, e.aggregate_id
    FROM {outbox} AS e
    WHERE e.published_at IS NULL
    ORDER BY e.txid, e.sequence_no
    LIMIT 1
),
-- From the start aggregate (included) to the last one.
onward AS (
    SELECT head.*
    FROM start AS s
    CROSS JOIN LATERAL (
        SELECT e.id, e.aggregate_type, e.aggregate_id
        FROM {outbox} AS e
        WHERE e.published_at IS NULL AND (e.aggregate_type, e.aggregate_id) >= (s.aggregate_type, s.aggregate_id)
        ORDER BY e.aggregate_type, e.aggregate_id, coalesce(e.aggregate_version, 0), e.txid, e.sequence_no
        LIMIT 1) AS head
    UNION ALL
    SELECT head.*
    FROM onward AS w
    CROSS JOIN LATERAL (
        SELECT e.id, e.aggregate_type, e.aggregate_id
        FROM {outbox} AS e
        WHERE e.published_at IS NULL AND (e.aggregate_type, e.aggregate_id) > (w.aggregate_type, w.aggregate_id)
        ORDER BY e.aggregate_type, e.aggregate_id, coalesce(e.aggregate_version, 0), e.txid, e.sequence_no
        LIMIT 1) AS head
),
-- Then round from the first aggregate to the one before the start (read only when onward ran out).
around AS (
    SELECT head.*
    FROM start AS s
    CROSS JOIN LATERAL (
        SELECT e.id, e.aggregate_type, e.aggregate_id
        FROM {outbox} AS e
        WHERE e.published_at IS NULL AND (e.aggregate_type, e.aggregate_id) < (s.aggregate_type, s.aggregate_id)
        ORDER BY e.aggregate_type, e.aggregate_id, coalesce(e.aggregate_version, 0), e.txid, e.sequence_no
        LIMIT 1) AS head
    UNION ALL
    SELECT head.*
    FROM around AS w
    CROSS JOIN start AS s
    CROSS JOIN LATERAL (
        SELECT e.id, e.aggregate_type, e.aggregate_id
        FROM {outbox} AS e
        WHERE e.published_at IS NULL AND (e.aggregate_type, e.aggregate_id) > (w.aggregate_type, w.aggregate_id)
          AND (e.aggregate_type, e.aggregate_id) < (s.aggregate_type, s.aggregate_id)
        ORDER BY e.aggregate_type, e.aggregate_id, coalesce(e.aggregate_version, 0), e.txid, e.sequence_no
        LIMIT 1) AS head
),
heads AS (
    SELECT id FROM onward
    UNION ALL
    SELECT id FROM around
)
SELECT claimed.id, claimed.aggregate_type, claimed.aggregate_id, claimed.aggregate_version, claimed.event_type,
       claimed.payload, claimed.occurred_at, claimed.published_at
FROM (
    -- Each head is locked as the walk reaches it (the locking subquery runs once per head), and the
    -- walk stops at `limit` claimed events. A head another relay holds is skipped; one published since
    -- this statement's snapshot fails the recheck of published_at and is skipped too.
    SELECT c.*
    FROM heads AS h
    CROSS JOIN LATERAL (
        SELECT e.id, e.aggregate_type, e.aggregate_id, e.aggregate_version, e.event_type, e.payload,
               e.occurred_at, e.published_at, e.txid, e.sequence_no
        FROM {outbox} AS e
        WHERE e.id = h.id AND e.published_at IS NULL
        FOR UPDATE SKIP LOCKED) AS c
    LIMIT %(limit)s
) AS claimed
ORDER BY claimed.txid, claimed.sequence_no
