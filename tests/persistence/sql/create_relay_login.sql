-- The relay's login for the tests: a member of fleetdb_relay and nothing else (NOINHERIT, like the
-- application's). Roles are cluster-wide; two test workers on one server may race to create it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fleetdb_relay_test') THEN
        CREATE ROLE fleetdb_relay_test LOGIN NOINHERIT IN ROLE fleetdb_relay;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
