-- Revert fleetdb:roles from pg

BEGIN;

CREATE TEMPORARY TABLE roles_to_drop ON COMMIT DROP AS SELECT role_name FROM shared.created_roles;
CREATE TEMPORARY TABLE owners_to_restore ON COMMIT DROP AS
    SELECT object_kind, object_name, previous_owner FROM shared.previous_owners;
-- Only what the deploy granted. A database deployed with the v1.0 script has no record of it: that
-- script always granted CREATE on the database to fleetdb_owner, so that grant is revoked as v1.0 did.
CREATE TEMPORARY TABLE privileges_to_revoke (privilege text, grantee name) ON COMMIT DROP;
DO $$
BEGIN
    IF to_regclass('shared.granted_privileges') IS NULL THEN
        INSERT INTO pg_temp.privileges_to_revoke VALUES ('CREATE ON DATABASE', 'fleetdb_owner');
    ELSE
        INSERT INTO pg_temp.privileges_to_revoke SELECT privilege, grantee FROM shared.granted_privileges;
    END IF;
END
$$;
DROP TABLE IF EXISTS shared.granted_privileges;
DROP TABLE shared.previous_owners;
DROP TABLE shared.created_roles;

REVOKE SELECT ON shared.currencies FROM fleetdb_app, fleetdb_readonly;
REVOKE USAGE ON SCHEMA shared FROM fleetdb_app, fleetdb_readonly;

DO $$
DECLARE
    r record;
BEGIN
    -- Ownership goes back to whoever owned each conventions object before the deploy (while the
    -- reverting role may still SET ROLE fleetdb_owner, which handing an object over requires).
    FOR r IN SELECT * FROM pg_temp.owners_to_restore ORDER BY object_kind LOOP
        EXECUTE format('ALTER %s %s OWNER TO %I', r.object_kind, r.object_name, r.previous_owner);
    END LOOP;
    FOR r IN SELECT * FROM pg_temp.privileges_to_revoke ORDER BY privilege LOOP
        IF r.privilege = 'CREATE ON DATABASE' THEN
            EXECUTE format('REVOKE CREATE ON DATABASE %I FROM %I', current_database(), r.grantee);
        ELSIF r.privilege = 'MEMBER OF fleetdb_owner' THEN
            -- The deploying role granted it to itself; GRANTED BY finds that grant whoever reverts.
            EXECUTE format('REVOKE fleetdb_owner FROM %I GRANTED BY %I', r.grantee, r.grantee);
        END IF;
    END LOOP;
    -- Drop a role only if this deploy created it (and it is one of the three) and nothing else in the
    -- cluster still depends on it: objects or privileges anywhere (a database cloned from this one, for
    -- instance, also records it as created), or memberships of other roles. The reverting role's own
    -- memberships go with the role (from PostgreSQL 16 on, a CREATEROLE role holds ADMIN on the roles it
    -- created).
    FOR r IN SELECT t.role_name FROM pg_temp.roles_to_drop t
             JOIN pg_roles ro ON ro.rolname = t.role_name
             WHERE t.role_name IN ('fleetdb_owner', 'fleetdb_app', 'fleetdb_readonly')
               AND NOT EXISTS (SELECT FROM pg_shdepend d WHERE d.refclassid = 'pg_authid'::regclass
                               AND d.refobjid = ro.oid)
               AND NOT EXISTS (SELECT FROM pg_auth_members m
                               WHERE (m.roleid = ro.oid OR m.member = ro.oid)
                                 AND m.member <> (SELECT oid FROM pg_roles WHERE rolname = current_user))
             ORDER BY t.role_name DESC
    LOOP
        EXECUTE format('DROP ROLE %I', r.role_name);
    END LOOP;
END
$$;

COMMIT;
