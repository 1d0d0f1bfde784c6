-- The DBA's part of the persistence quick start, once per database after `sqitch deploy`:
--
--     psql -X -v ON_ERROR_STOP=1 -v api_password='…' -f examples/persistence/setup.sql \
--          "host=db.internal dbname=fleetdb user=dba"
--
-- Run it as a superuser, or as the DBA of the runbook's set-up A (CREATEROLE, a member of fleetdb_owner):
-- creating a login and setting its password need CREATEROLE. With set-up B (no CREATEROLE) a
-- superuser runs it. Safe to run again: the login is created once, the reference rows once.

-- 0. Refuse before changing anything when a part below could not run.
\if :{?api_password}
\else
DO $$ BEGIN
    RAISE EXCEPTION 'setup.sql: no password for the login fleetdb_api [SQLSTATE 22023]'
        USING ERRCODE = '22023', HINT = 'psql -v api_password=… -f examples/persistence/setup.sql';
END $$;
\endif
DO $$
DECLARE
    me pg_roles := (SELECT r FROM pg_roles r WHERE r.rolname = current_user);
BEGIN
    IF NOT (me.rolsuper OR me.rolcreaterole) THEN
        RAISE EXCEPTION 'setup.sql: role % cannot create the login fleetdb_api nor set its password [SQLSTATE 42501]',
            current_user
            USING ERRCODE = '42501',
                  HINT = 'Run it as a superuser or a role with CREATEROLE (docs/db/runbook.md, Privileges, set-up A).';
    END IF;
    IF NOT pg_has_role(current_user, 'fleetdb_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'setup.sql: role % is not a member of fleetdb_owner and cannot load the reference data [SQLSTATE 42501]',
            current_user
            USING ERRCODE = '42501', HINT = 'Run it as the role that deployed the plan, or as a superuser.';
    END IF;
END $$;

-- 1. The application's login. Roles are cluster-wide and passwords do not belong in a migration, so the
--    plan creates only the NOLOGIN roles and the DBA creates the login. NOINHERIT: the login can do
--    nothing until the persistence layer runs SET ROLE fleetdb_app, so a connection that skipped it
--    fails loudly instead of running with other rights.
SELECT 'CREATE ROLE fleetdb_api LOGIN NOINHERIT IN ROLE fleetdb_app'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fleetdb_api')
\gexec
ALTER ROLE fleetdb_api PASSWORD :'api_password';

-- 2. Reference data, written as the owner. fleetdb_app may only read locations and the chart of
--    accounts (a service must not invent a branch or an account), so these rows are the DBA's, loaded
--    as fleetdb_owner, the role that owns the tables.
SET ROLE fleetdb_owner;
INSERT INTO rental.locations (code, name, address, time_zone) VALUES
    ('MUC01', 'Munich Airport', 'Nordallee 25, 85356 München', 'Europe/Berlin'),
    ('BER01', 'Berlin Hauptbahnhof', 'Europaplatz 1, 10557 Berlin', 'Europe/Berlin')
ON CONFLICT (code) DO NOTHING;
INSERT INTO accounting.accounts (code, name, type, currency) VALUES
    ('1200-EUR', 'Bank EUR', 'asset', 'EUR'),
    ('4000-EUR', 'Rental revenue EUR', 'revenue', 'EUR')
ON CONFLICT (code) DO NOTHING;
RESET ROLE;
