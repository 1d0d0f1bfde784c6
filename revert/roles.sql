-- Revert fleetdb:roles from pg

BEGIN;

CREATE TEMPORARY TABLE roles_to_drop ON COMMIT DROP AS SELECT role_name FROM shared.created_roles;
DROP TABLE shared.created_roles;

REVOKE SELECT ON shared.currencies FROM fleetdb_app, fleetdb_readonly;
REVOKE USAGE ON SCHEMA shared FROM fleetdb_app, fleetdb_readonly;

-- Ownership goes back to the role that deployed (and so owned) the conventions change.
ALTER FUNCTION shared.touch_updated_at() OWNER TO CURRENT_USER;
ALTER FUNCTION shared.uuid_v7() OWNER TO CURRENT_USER;
ALTER TABLE shared.currencies OWNER TO CURRENT_USER;
ALTER SCHEMA shared OWNER TO CURRENT_USER;

DO $$
DECLARE
    r record;
BEGIN
    EXECUTE format('REVOKE CREATE ON DATABASE %I FROM fleetdb_owner', current_database());
    -- Drop a role only if this deploy created it and nothing else in the cluster still depends on
    -- it (a database cloned from this one, for instance, also records it as created).
    FOR r IN SELECT t.role_name FROM pg_temp.roles_to_drop t
             JOIN pg_roles ro ON ro.rolname = t.role_name
             WHERE NOT EXISTS (SELECT FROM pg_shdepend d WHERE d.refclassid = 'pg_authid'::regclass
                               AND d.refobjid = ro.oid)
               AND NOT EXISTS (SELECT FROM pg_auth_members m WHERE m.roleid = ro.oid OR m.member = ro.oid)
             ORDER BY t.role_name DESC
    LOOP
        EXECUTE format('DROP ROLE %I', r.role_name);
    END LOOP;
END
$$;

COMMIT;
