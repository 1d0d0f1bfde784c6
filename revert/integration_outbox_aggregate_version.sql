-- Revert fleetdb:integration_outbox_aggregate_version from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE accounting.outbox_events DROP COLUMN aggregate_version;
ALTER TABLE maintenance.outbox_events DROP COLUMN aggregate_version;
ALTER TABLE rental.outbox_events DROP COLUMN aggregate_version;
ALTER TABLE fleet.outbox_events DROP COLUMN aggregate_version;
ALTER TABLE iam.outbox_events DROP COLUMN aggregate_version;

COMMIT;
