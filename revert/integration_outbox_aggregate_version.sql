-- Revert fleetdb:integration_outbox_aggregate_version from pg

-- No BEGIN/COMMIT: each ALTER TABLE is a transaction of its own and holds one table's ACCESS EXCLUSIVE
-- lock for a moment. With every table in one transaction, the revert held one table while it waited
-- for the next, and deadlocked with a unit of work that had written the second and then wanted the
-- first (fleetdb rehearse --under-load: rental_text_rules' revert and refunds, 40P01 in the
-- application). IF EXISTS: a revert interrupted half-way can run again.

SET lock_timeout = '5s';

ALTER TABLE accounting.outbox_events DROP COLUMN IF EXISTS aggregate_version;
ALTER TABLE maintenance.outbox_events DROP COLUMN IF EXISTS aggregate_version;
ALTER TABLE rental.outbox_events DROP COLUMN IF EXISTS aggregate_version;
ALTER TABLE fleet.outbox_events DROP COLUMN IF EXISTS aggregate_version;
ALTER TABLE iam.outbox_events DROP COLUMN IF EXISTS aggregate_version;

RESET lock_timeout;
