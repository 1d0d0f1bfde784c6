-- Deploy fleetdb:integration_outbox_aggregate_version to pg
-- requires: iam_outbox
-- requires: fleet_outbox
-- requires: rental_outbox
-- requires: maintenance_outbox
-- requires: accounting_outbox

-- Per-aggregate order (issue 12, finding 4): every event gets the version of its aggregate, 1, 2, 3 …
-- in the order the aggregate's changes committed (the publishing triggers assign it,
-- integration_outbox_aggregate_order). Transaction ids are not that order: a transaction that took its
-- id early but changed the aggregate late sorted first under ORDER BY txid.
-- Nullable and without a default, so adding it rewrites nothing; events written before v1.1 keep NULL
-- (they come before every versioned event of their aggregate, in their old (txid, sequence_no) order).

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

ALTER TABLE iam.outbox_events ADD COLUMN aggregate_version bigint;
ALTER TABLE fleet.outbox_events ADD COLUMN aggregate_version bigint;
ALTER TABLE rental.outbox_events ADD COLUMN aggregate_version bigint;
ALTER TABLE maintenance.outbox_events ADD COLUMN aggregate_version bigint;
ALTER TABLE accounting.outbox_events ADD COLUMN aggregate_version bigint;

COMMENT ON COLUMN iam.outbox_events.aggregate_version IS 'Version of the aggregate this event brings it to: 1, 2, … in commit order of its changes; NULL for events written before v1.1.';
COMMENT ON COLUMN fleet.outbox_events.aggregate_version IS 'Version of the aggregate this event brings it to: 1, 2, … in commit order of its changes; NULL for events written before v1.1.';
COMMENT ON COLUMN rental.outbox_events.aggregate_version IS 'Version of the aggregate this event brings it to: 1, 2, … in commit order of its changes; NULL for events written before v1.1.';
COMMENT ON COLUMN maintenance.outbox_events.aggregate_version IS 'Version of the aggregate this event brings it to: 1, 2, … in commit order of its changes; NULL for events written before v1.1.';
COMMENT ON COLUMN accounting.outbox_events.aggregate_version IS 'Version of the aggregate this event brings it to: 1, 2, … in commit order of its changes; NULL for events written before v1.1.';

COMMIT;
