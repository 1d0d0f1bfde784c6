-- Deploy rehearsal_fixture:customers to pg
-- requires: app_schema

BEGIN;

CREATE TABLE app.customers (
    id     bigint GENERATED ALWAYS AS IDENTITY,
    email  text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    note   text,
    CONSTRAINT customers_pk PRIMARY KEY (id),
    CONSTRAINT customers_email_uq UNIQUE (email),
    CONSTRAINT customers_email_format_ck CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    CONSTRAINT customers_status_ck CHECK (status IN ('active', 'closed'))
);
GRANT SELECT ON app.customers TO PUBLIC;

COMMIT;
