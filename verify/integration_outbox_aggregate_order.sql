-- Verify fleetdb:integration_outbox_aggregate_order on pg

BEGIN;

DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(signature, ', ') INTO missing
    FROM unnest(ARRAY['rental.rentals_publish()', 'fleet.odometer_readings_publish()', 'maintenance.jobs_publish()',
                      'accounting.journal_entries_publish()']) AS signature
    WHERE NOT EXISTS (SELECT FROM pg_proc WHERE oid = signature::regprocedure AND prosecdef
                      AND prosrc LIKE '%coalesce(max(e.aggregate_version), 0) + 1%');
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION '% do(es) not give events the next version of their aggregate', missing;
    END IF;
END
$$;

ROLLBACK;
