-- Deploy fleetdb:roles to pg
-- requires: conventions

BEGIN;

-- Roles are cluster-wide: create each one only when it is missing, and remember in
-- shared.created_roles which ones this deploy created, so that the revert drops only those.
CREATE TEMPORARY TABLE roles_created_now (role_name name PRIMARY KEY) ON COMMIT DROP;
-- Likewise the privileges it grants that were not held before (shared.granted_privileges): the revert
-- revokes those and nothing a DBA had granted.
CREATE TEMPORARY TABLE privileges_granted_now (privilege text, grantee name, PRIMARY KEY (privilege, grantee))
    ON COMMIT DROP;

DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES
        ('fleetdb_owner', 'fleetdb: owns every object of the fleetdb schema; never logs in.'),
        ('fleetdb_app', 'fleetdb: the application; only the reads and writes the domain allows.'),
        ('fleetdb_readonly', 'fleetdb: reporting; SELECT on every module table and view.')
    ) AS want(role_name, description)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r.role_name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r.role_name);
            EXECUTE format('COMMENT ON ROLE %I IS %L', r.role_name, r.description);
            INSERT INTO pg_temp.roles_created_now VALUES (r.role_name);
        END IF;
    END LOOP;
    -- Every later change runs SET LOCAL ROLE fleetdb_owner. A deploying role that is not a superuser
    -- must be able to: it is granted membership (a CREATEROLE role may grant itself a role it created;
    -- up to PostgreSQL 15 any role; from 16 on, SET ROLE needs the membership's SET option).
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
       AND NOT pg_has_role(current_user, 'fleetdb_owner',
                           CASE WHEN current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END)
    THEN
        EXECUTE format('GRANT fleetdb_owner TO %I', current_user);
        INSERT INTO pg_temp.privileges_granted_now VALUES ('MEMBER OF fleetdb_owner', current_user);
    END IF;
    -- The owner creates the module schemas.
    IF NOT has_database_privilege('fleetdb_owner', current_database(), 'CREATE') THEN
        EXECUTE format('GRANT CREATE ON DATABASE %I TO fleetdb_owner', current_database());
        INSERT INTO pg_temp.privileges_granted_now VALUES ('CREATE ON DATABASE', 'fleetdb_owner');
    END IF;
END
$$;

-- Hand the objects of the conventions change over to the owner role, remembering who owned them
-- so that the revert gives them back exactly.
CREATE TEMPORARY TABLE previous_owners_now ON COMMIT DROP AS
SELECT 'SCHEMA' AS object_kind, 'shared' AS object_name, nspowner::regrole::name AS previous_owner
FROM pg_namespace WHERE nspname = 'shared'
UNION ALL
SELECT 'TABLE', 'shared.currencies', relowner::regrole::name FROM pg_class WHERE oid = 'shared.currencies'::regclass
UNION ALL
SELECT 'FUNCTION', p.oid::regprocedure::text, p.proowner::regrole::name FROM pg_proc p
WHERE p.oid IN ('shared.uuid_v7()'::regprocedure, 'shared.touch_updated_at()'::regprocedure);
GRANT SELECT ON pg_temp.previous_owners_now TO fleetdb_owner;

ALTER SCHEMA shared OWNER TO fleetdb_owner;
ALTER TABLE shared.currencies OWNER TO fleetdb_owner;
ALTER FUNCTION shared.uuid_v7() OWNER TO fleetdb_owner;
ALTER FUNCTION shared.touch_updated_at() OWNER TO fleetdb_owner;

GRANT USAGE ON SCHEMA shared TO fleetdb_app, fleetdb_readonly;
GRANT SELECT ON pg_temp.roles_created_now, pg_temp.privileges_granted_now TO fleetdb_owner;
GRANT SELECT ON shared.currencies TO fleetdb_app, fleetdb_readonly;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE shared.created_roles (
    role_name  name        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT created_roles_pk PRIMARY KEY (role_name)
);
COMMENT ON TABLE shared.created_roles IS
    'Roles the roles change created in this cluster (not the ones it found); its revert drops only these.';
COMMENT ON COLUMN shared.created_roles.role_name IS 'Name of a cluster role created by the deploy.';
COMMENT ON COLUMN shared.created_roles.created_at IS 'When the deploy created the role.';
INSERT INTO shared.created_roles (role_name) SELECT role_name FROM pg_temp.roles_created_now;

CREATE TABLE shared.granted_privileges (
    privilege  text        NOT NULL,
    grantee    name        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT granted_privileges_pk PRIMARY KEY (privilege, grantee),
    CONSTRAINT granted_privileges_privilege_ck CHECK (privilege IN ('CREATE ON DATABASE', 'MEMBER OF fleetdb_owner'))
);
COMMENT ON TABLE shared.granted_privileges IS
    'Privileges the roles change granted (not those it found already held); its revert revokes only these.';
COMMENT ON COLUMN shared.granted_privileges.privilege IS
    'CREATE ON DATABASE (this database) or MEMBER OF fleetdb_owner (so the deploying role can SET ROLE).';
COMMENT ON COLUMN shared.granted_privileges.grantee IS 'Role the privilege was granted to.';
COMMENT ON COLUMN shared.granted_privileges.created_at IS 'When the deploy granted it.';
INSERT INTO shared.granted_privileges (privilege, grantee)
SELECT privilege, grantee FROM pg_temp.privileges_granted_now;

CREATE TABLE shared.previous_owners (
    object_kind    text        NOT NULL,
    object_name    text        NOT NULL,
    previous_owner name        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT previous_owners_pk PRIMARY KEY (object_kind, object_name),
    CONSTRAINT previous_owners_object_kind_ck CHECK (object_kind IN ('SCHEMA', 'TABLE', 'FUNCTION'))
);
COMMENT ON TABLE shared.previous_owners IS
    'Owners of the conventions objects before the roles change handed them to fleetdb_owner; its revert restores them.';
COMMENT ON COLUMN shared.previous_owners.object_kind IS 'SCHEMA, TABLE or FUNCTION (as in ALTER <kind> ... OWNER TO).';
COMMENT ON COLUMN shared.previous_owners.object_name IS 'Qualified name; functions with their argument types.';
COMMENT ON COLUMN shared.previous_owners.previous_owner IS 'Role that owned the object before the deploy.';
COMMENT ON COLUMN shared.previous_owners.created_at IS 'When the deploy handed the object over.';
INSERT INTO shared.previous_owners (object_kind, object_name, previous_owner)
SELECT object_kind, object_name, previous_owner FROM pg_temp.previous_owners_now;

COMMIT;
