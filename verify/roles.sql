-- Verify fleetdb:roles on pg

BEGIN;

DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(want, ', ') INTO missing
    FROM unnest(ARRAY['fleetdb_owner', 'fleetdb_app', 'fleetdb_readonly']) AS want
    WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = want AND NOT rolcanlogin AND NOT rolsuper);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'roles: missing NOLOGIN non-superuser role(s) %', missing;
    END IF;
    IF to_regclass('shared.created_roles') IS NULL THEN
        RAISE EXCEPTION 'roles: table shared.created_roles is missing';
    END IF;
    IF (SELECT count(*) FROM shared.previous_owners) <> 4 THEN
        RAISE EXCEPTION 'roles: shared.previous_owners must record the 4 conventions objects handed over';
    END IF;
    IF NOT has_database_privilege('fleetdb_owner', current_database(), 'CREATE') THEN
        RAISE EXCEPTION 'roles: fleetdb_owner lacks CREATE on database %', current_database();
    END IF;
    SELECT string_agg(n.nspname || '.' || c.relname, ', ') INTO missing
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'shared' AND c.relkind IN ('r', 'v', 'S')
      AND c.relowner <> 'fleetdb_owner'::regrole;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'roles: not owned by fleetdb_owner: %', missing;
    END IF;
    IF (SELECT nspowner FROM pg_namespace WHERE nspname = 'shared') <> 'fleetdb_owner'::regrole
       OR (SELECT proowner FROM pg_proc WHERE oid = 'shared.uuid_v7()'::regprocedure) <> 'fleetdb_owner'::regrole
       OR (SELECT proowner FROM pg_proc WHERE oid = 'shared.touch_updated_at()'::regprocedure)
          <> 'fleetdb_owner'::regrole THEN
        RAISE EXCEPTION 'roles: schema shared or its functions are not owned by fleetdb_owner';
    END IF;
    IF NOT has_table_privilege('fleetdb_app', 'shared.currencies', 'SELECT')
       OR NOT has_table_privilege('fleetdb_readonly', 'shared.currencies', 'SELECT') THEN
        RAISE EXCEPTION 'roles: fleetdb_app and fleetdb_readonly need SELECT on shared.currencies';
    END IF;
END
$$;

ROLLBACK;
