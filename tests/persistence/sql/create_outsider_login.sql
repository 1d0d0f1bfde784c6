-- A login that is not a member of fleetdb_app (prepare_session must refuse it).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fleetdb_outsider_test') THEN
        CREATE ROLE fleetdb_outsider_test LOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
