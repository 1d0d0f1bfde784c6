-- Revert fleetdb:integration_outbox_aggregate_version_idx from pg
-- Not transactional, like the deploy.

SET lock_timeout = '5s';

DROP INDEX CONCURRENTLY IF EXISTS accounting.outbox_events_unpublished_aggregate_idx;
DROP INDEX CONCURRENTLY IF EXISTS maintenance.outbox_events_unpublished_aggregate_idx;
DROP INDEX CONCURRENTLY IF EXISTS rental.outbox_events_unpublished_aggregate_idx;
DROP INDEX CONCURRENTLY IF EXISTS fleet.outbox_events_unpublished_aggregate_idx;
DROP INDEX CONCURRENTLY IF EXISTS iam.outbox_events_unpublished_aggregate_idx;
DROP INDEX CONCURRENTLY IF EXISTS accounting.outbox_events_aggregate_version_uq;
DROP INDEX CONCURRENTLY IF EXISTS maintenance.outbox_events_aggregate_version_uq;
DROP INDEX CONCURRENTLY IF EXISTS rental.outbox_events_aggregate_version_uq;
DROP INDEX CONCURRENTLY IF EXISTS fleet.outbox_events_aggregate_version_uq;
DROP INDEX CONCURRENTLY IF EXISTS iam.outbox_events_aggregate_version_uq;
