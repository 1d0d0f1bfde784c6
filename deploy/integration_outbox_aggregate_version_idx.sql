-- Deploy fleetdb:integration_outbox_aggregate_version_idx to pg
-- requires: integration_outbox_aggregate_version

-- Not transactional: CREATE INDEX CONCURRENTLY cannot run inside BEGIN … COMMIT, and the outboxes are
-- large (one event per odometer reading) and written all the time.
-- - outbox_events_aggregate_version_uq: one event per aggregate version; serves the publishing
--   triggers' "latest version of this aggregate" look-up;
-- - outbox_events_unpublished_aggregate_idx (partial, unpublished rows only): serves the relay's "is an
--   earlier event of this aggregate still unpublished?" probe.
-- A concurrent build that failed leaves an invalid index behind: each is dropped first, so running the
-- deploy again starts clean.

SET lock_timeout = '5s';
SET client_min_messages = warning;  -- no NOTICE in the DBA's log for an IF EXISTS that finds nothing

DROP INDEX CONCURRENTLY IF EXISTS iam.outbox_events_aggregate_version_uq;
CREATE UNIQUE INDEX CONCURRENTLY outbox_events_aggregate_version_uq
    ON iam.outbox_events (aggregate_type, aggregate_id, aggregate_version);
DROP INDEX CONCURRENTLY IF EXISTS fleet.outbox_events_aggregate_version_uq;
CREATE UNIQUE INDEX CONCURRENTLY outbox_events_aggregate_version_uq
    ON fleet.outbox_events (aggregate_type, aggregate_id, aggregate_version);
DROP INDEX CONCURRENTLY IF EXISTS rental.outbox_events_aggregate_version_uq;
CREATE UNIQUE INDEX CONCURRENTLY outbox_events_aggregate_version_uq
    ON rental.outbox_events (aggregate_type, aggregate_id, aggregate_version);
DROP INDEX CONCURRENTLY IF EXISTS maintenance.outbox_events_aggregate_version_uq;
CREATE UNIQUE INDEX CONCURRENTLY outbox_events_aggregate_version_uq
    ON maintenance.outbox_events (aggregate_type, aggregate_id, aggregate_version);
DROP INDEX CONCURRENTLY IF EXISTS accounting.outbox_events_aggregate_version_uq;
CREATE UNIQUE INDEX CONCURRENTLY outbox_events_aggregate_version_uq
    ON accounting.outbox_events (aggregate_type, aggregate_id, aggregate_version);

DROP INDEX CONCURRENTLY IF EXISTS iam.outbox_events_unpublished_aggregate_idx;
CREATE INDEX CONCURRENTLY outbox_events_unpublished_aggregate_idx
    ON iam.outbox_events (aggregate_type, aggregate_id, (coalesce(aggregate_version, 0)), txid, sequence_no)
    WHERE published_at IS NULL;
DROP INDEX CONCURRENTLY IF EXISTS fleet.outbox_events_unpublished_aggregate_idx;
CREATE INDEX CONCURRENTLY outbox_events_unpublished_aggregate_idx
    ON fleet.outbox_events (aggregate_type, aggregate_id, (coalesce(aggregate_version, 0)), txid, sequence_no)
    WHERE published_at IS NULL;
DROP INDEX CONCURRENTLY IF EXISTS rental.outbox_events_unpublished_aggregate_idx;
CREATE INDEX CONCURRENTLY outbox_events_unpublished_aggregate_idx
    ON rental.outbox_events (aggregate_type, aggregate_id, (coalesce(aggregate_version, 0)), txid, sequence_no)
    WHERE published_at IS NULL;
DROP INDEX CONCURRENTLY IF EXISTS maintenance.outbox_events_unpublished_aggregate_idx;
CREATE INDEX CONCURRENTLY outbox_events_unpublished_aggregate_idx
    ON maintenance.outbox_events (aggregate_type, aggregate_id, (coalesce(aggregate_version, 0)), txid, sequence_no)
    WHERE published_at IS NULL;
DROP INDEX CONCURRENTLY IF EXISTS accounting.outbox_events_unpublished_aggregate_idx;
CREATE INDEX CONCURRENTLY outbox_events_unpublished_aggregate_idx
    ON accounting.outbox_events (aggregate_type, aggregate_id, (coalesce(aggregate_version, 0)), txid, sequence_no)
    WHERE published_at IS NULL;
