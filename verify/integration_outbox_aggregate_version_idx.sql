-- Verify fleetdb:integration_outbox_aggregate_version_idx on pg

BEGIN;

-- assert_indexes also requires them valid (a failed concurrent build leaves an invalid one).
SELECT shared.assert_indexes(m || '.outbox_events',
                             ARRAY['outbox_events_aggregate_version_uq', 'outbox_events_unpublished_aggregate_idx'],
                             p_unique => ARRAY['outbox_events_aggregate_version_uq'])
FROM unnest(ARRAY['iam', 'fleet', 'rental', 'maintenance', 'accounting']) AS m;

ROLLBACK;
