-- Deploy fleetdb:iam_external_identities to pg
-- requires: iam_users

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- Link rows: written when an identity is linked, deleted when it is unlinked, never updated.
CREATE TABLE iam.external_identities (
    id         uuid        NOT NULL DEFAULT shared.uuid_v7(),
    user_id    uuid        NOT NULL,
    issuer     text        NOT NULL,
    subject    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT external_identities_pk PRIMARY KEY (id),
    CONSTRAINT external_identities_user_fk FOREIGN KEY (user_id) REFERENCES iam.users (id),
    -- IAM-IDENTITY-UNIQUE: an IdP identity maps to exactly one user.
    CONSTRAINT external_identities_issuer_subject_uq UNIQUE (issuer, subject),
    CONSTRAINT external_identities_issuer_not_blank_ck CHECK (btrim(issuer) <> ''),
    CONSTRAINT external_identities_subject_not_blank_ck CHECK (btrim(subject) <> '')
);
CREATE INDEX external_identities_user_id_idx ON iam.external_identities (user_id);

COMMENT ON TABLE iam.external_identities IS 'Identities at the identity provider (OIDC issuer + subject) linked to a user; no passwords are stored.';
COMMENT ON COLUMN iam.external_identities.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN iam.external_identities.user_id IS 'The user this identity signs in as.';
COMMENT ON COLUMN iam.external_identities.issuer IS 'OIDC issuer URL of the identity provider.';
COMMENT ON COLUMN iam.external_identities.subject IS 'Stable subject identifier (sub claim) at that issuer.';
COMMENT ON COLUMN iam.external_identities.created_at IS 'When the identity was linked.';

GRANT SELECT, INSERT, DELETE ON iam.external_identities TO fleetdb_app;
GRANT SELECT ON iam.external_identities TO fleetdb_readonly;

COMMIT;
