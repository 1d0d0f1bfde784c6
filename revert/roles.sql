-- Revert fleetdb:roles from pg

BEGIN;

CREATE TEMPORARY TABLE roles_to_drop ON COMMIT DROP AS SELECT role_name FROM shared.created_roles;
CREATE TEMPORARY TABLE owners_to_restore ON COMMIT DROP AS
    SELECT object_kind, object_name, previous_owner FROM shared.previous_owners;
DROP TABLE shared.previous_owners;
DROP TABLE shared.created_roles;

REVOKE SELECT ON shared.currencies FROM fleetdb_app, fleetdb_readonly;
REVOKE USAGE ON SCHEMA shared FROM fleetdb_app, fleetdb_readonly;

DO $$
DECLARE
    r record;
BEGIN
    -- Ownership goes back to whoever owned each conventions object before the deploy.
    FOR r IN SELECT * FROM pg_temp.owners_to_restore ORDER BY object_kind LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I', r.object_kind, r.object_name, r.previous_owner);
    END LOOP;
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
