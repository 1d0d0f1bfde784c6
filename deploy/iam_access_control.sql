-- Deploy fleetdb:iam_access_control to pg
-- requires: iam_users

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE iam.roles (
    id          uuid        NOT NULL DEFAULT shared.uuid_v7(),
    code        text        NOT NULL,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT roles_pk PRIMARY KEY (id),
    CONSTRAINT roles_code_uq UNIQUE (code),
    CONSTRAINT roles_code_format_ck CHECK (code ~ '^[a-z][a-z0-9_]*$')
);
CREATE TRIGGER roles_touch_updated_at_trg BEFORE UPDATE ON iam.roles
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();
COMMENT ON TABLE iam.roles IS 'Application roles (branch agent, fleet manager, accountant ...): bundles of permissions.';
COMMENT ON COLUMN iam.roles.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN iam.roles.code IS 'Stable machine name, e.g. branch_agent.';
COMMENT ON COLUMN iam.roles.name IS 'Human-readable name.';
COMMENT ON COLUMN iam.roles.description IS 'What the role is for.';
COMMENT ON COLUMN iam.roles.created_at IS 'When the row was written.';
COMMENT ON COLUMN iam.roles.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

CREATE TABLE iam.permissions (
    id          uuid        NOT NULL DEFAULT shared.uuid_v7(),
    code        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT permissions_pk PRIMARY KEY (id),
    CONSTRAINT permissions_code_uq UNIQUE (code),
    CONSTRAINT permissions_code_format_ck CHECK (code ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$')
);
CREATE TRIGGER permissions_touch_updated_at_trg BEFORE UPDATE ON iam.permissions
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();
COMMENT ON TABLE iam.permissions IS 'Things a user may do, named module.action (rental.book, accounting.post).';
COMMENT ON COLUMN iam.permissions.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN iam.permissions.code IS 'Stable name module.action.';
COMMENT ON COLUMN iam.permissions.description IS 'What the permission allows.';
COMMENT ON COLUMN iam.permissions.created_at IS 'When the row was written.';
COMMENT ON COLUMN iam.permissions.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

-- Link tables: granted by inserting, revoked by deleting; never updated.
CREATE TABLE iam.role_permissions (
    role_id       uuid        NOT NULL,
    permission_id uuid        NOT NULL,
    granted_by    uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT role_permissions_pk PRIMARY KEY (role_id, permission_id),
    CONSTRAINT role_permissions_role_fk FOREIGN KEY (role_id) REFERENCES iam.roles (id) ON DELETE CASCADE,
    CONSTRAINT role_permissions_permission_fk FOREIGN KEY (permission_id) REFERENCES iam.permissions (id),
    CONSTRAINT role_permissions_granted_by_fk FOREIGN KEY (granted_by) REFERENCES iam.users (id)
);
CREATE INDEX role_permissions_permission_id_idx ON iam.role_permissions (permission_id);
CREATE INDEX role_permissions_granted_by_idx ON iam.role_permissions (granted_by);
COMMENT ON TABLE iam.role_permissions IS 'Which permissions a role bundles; who granted each and when.';
COMMENT ON COLUMN iam.role_permissions.role_id IS 'The role.';
COMMENT ON COLUMN iam.role_permissions.permission_id IS 'The permission the role carries.';
COMMENT ON COLUMN iam.role_permissions.granted_by IS 'User who granted it; NULL for seed data.';
COMMENT ON COLUMN iam.role_permissions.created_at IS 'When it was granted.';

CREATE TABLE iam.user_roles (
    user_id    uuid        NOT NULL,
    role_id    uuid        NOT NULL,
    granted_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_roles_pk PRIMARY KEY (user_id, role_id),
    CONSTRAINT user_roles_user_fk FOREIGN KEY (user_id) REFERENCES iam.users (id),
    CONSTRAINT user_roles_role_fk FOREIGN KEY (role_id) REFERENCES iam.roles (id),
    CONSTRAINT user_roles_granted_by_fk FOREIGN KEY (granted_by) REFERENCES iam.users (id)
);
CREATE INDEX user_roles_role_id_idx ON iam.user_roles (role_id);
CREATE INDEX user_roles_granted_by_idx ON iam.user_roles (granted_by);
COMMENT ON TABLE iam.user_roles IS 'Which roles a user holds; who granted each and when.';
COMMENT ON COLUMN iam.user_roles.user_id IS 'The user.';
COMMENT ON COLUMN iam.user_roles.role_id IS 'The role the user holds.';
COMMENT ON COLUMN iam.user_roles.granted_by IS 'User who granted it; NULL for seed data.';
COMMENT ON COLUMN iam.user_roles.created_at IS 'When it was granted.';

GRANT SELECT ON iam.roles, iam.permissions TO fleetdb_app;
GRANT SELECT, INSERT, DELETE ON iam.role_permissions, iam.user_roles TO fleetdb_app;
GRANT SELECT ON iam.roles, iam.permissions, iam.role_permissions, iam.user_roles TO fleetdb_readonly;

COMMIT;
