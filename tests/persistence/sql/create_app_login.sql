-- The application's login for the tests: a member of fleetdb_app and nothing else. NOINHERIT: without
-- the SET ROLE fleetdb_app that prepare_session runs, it can do nothing at all. Roles are cluster-wide;
-- two test workers on one server may race to create it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fleetdb_app_test') THEN
        CREATE ROLE fleetdb_app_test LOGIN NOINHERIT IN ROLE fleetdb_app;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
