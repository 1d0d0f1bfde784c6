-- Verify fleetdb:integration_outbox_aggregate_version on pg

BEGIN;

DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(t, ', ') INTO missing
    FROM unnest(ARRAY['iam', 'fleet', 'rental', 'maintenance', 'accounting']) AS m,
         LATERAL (SELECT m || '.outbox_events' AS t) AS x
    WHERE NOT EXISTS (SELECT FROM pg_attribute a
                      WHERE a.attrelid = to_regclass(t) AND a.attname = 'aggregate_version' AND NOT a.attisdropped
                        AND a.atttypid = 'bigint'::regtype AND col_description(a.attrelid, a.attnum) IS NOT NULL);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'missing or uncommented bigint column aggregate_version on %', missing;
    END IF;
END
$$;

ROLLBACK;
