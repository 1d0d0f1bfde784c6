-- Verify fleetdb:integration_outbox_privileges on pg

BEGIN;

DO $$
DECLARE
    problems text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fleetdb_relay' AND NOT rolcanlogin) THEN
        RAISE EXCEPTION 'missing NOLOGIN role fleetdb_relay';
    END IF;
    SELECT string_agg(format('%s: %s', t, problem), '; ') INTO problems
    FROM unnest(ARRAY['iam.outbox_events', 'fleet.outbox_events', 'rental.outbox_events',
                      'maintenance.outbox_events', 'accounting.outbox_events']) AS t,
         LATERAL (VALUES
             ('fleetdb_app may INSERT', has_table_privilege('fleetdb_app', t, 'INSERT')),
             ('fleetdb_app may UPDATE published_at', has_column_privilege('fleetdb_app', t, 'published_at', 'UPDATE')),
             ('fleetdb_app may not SELECT', NOT has_table_privilege('fleetdb_app', t, 'SELECT')),
             ('fleetdb_relay may not SELECT', NOT has_table_privilege('fleetdb_relay', t, 'SELECT')),
             ('fleetdb_relay may not UPDATE published_at', NOT has_column_privilege('fleetdb_relay', t, 'published_at', 'UPDATE')),
             ('fleetdb_relay may UPDATE payload', has_column_privilege('fleetdb_relay', t, 'payload', 'UPDATE')),
             ('fleetdb_relay may INSERT', has_table_privilege('fleetdb_relay', t, 'INSERT'))
         ) AS checks(problem, failed)
    WHERE failed;
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION 'outbox privileges: %', problems;
    END IF;
END
$$;
SELECT shared.assert_function('rental.rentals_publish()', p_security_definer => true);
SELECT shared.assert_function('fleet.odometer_readings_publish()', p_security_definer => true);
SELECT shared.assert_function('maintenance.jobs_publish()', p_security_definer => true);
SELECT shared.assert_function('accounting.journal_entries_publish()', p_security_definer => true);

ROLLBACK;
