-- Deploy fleetdb:iam_users to pg
-- requires: iam_schema

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE iam.users (
    id           uuid        NOT NULL DEFAULT shared.uuid_v7(),
    email        text        NOT NULL,
    display_name text        NOT NULL,
    status       text        NOT NULL DEFAULT 'active',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pk PRIMARY KEY (id),
    CONSTRAINT users_email_format_ck CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    CONSTRAINT users_display_name_not_blank_ck CHECK (btrim(display_name) <> ''),
    CONSTRAINT users_status_ck CHECK (status IN ('active', 'disabled'))
);
-- IAM-EMAIL-UNIQUE: one user per e-mail address, whatever its letter case.
CREATE UNIQUE INDEX users_email_lower_uq ON iam.users (lower(email));
CREATE TRIGGER users_touch_updated_at_trg BEFORE UPDATE ON iam.users
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

COMMENT ON TABLE iam.users IS 'People who use fleetdb (staff and customers with an account); passwords live at the identity provider.';
COMMENT ON COLUMN iam.users.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN iam.users.email IS 'Contact e-mail address; unique case-insensitively (users_email_lower_uq).';
COMMENT ON COLUMN iam.users.display_name IS 'Name shown in the user interface.';
COMMENT ON COLUMN iam.users.status IS 'active or disabled; a disabled user keeps history but cannot act.';
COMMENT ON COLUMN iam.users.created_at IS 'When the row was written.';
COMMENT ON COLUMN iam.users.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

GRANT SELECT, INSERT, UPDATE ON iam.users TO fleetdb_app;
GRANT SELECT ON iam.users TO fleetdb_readonly;

COMMIT;
