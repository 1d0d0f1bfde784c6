-- Deploy fleetdb:rental_customers to pg
-- requires: rental_schema

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE rental.customers (
    id                     uuid        NOT NULL DEFAULT shared.uuid_v7(),
    full_name              text        NOT NULL,
    email                  text,
    phone                  text,
    driver_licence_number  text        NOT NULL,
    driver_licence_country text        NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customers_pk PRIMARY KEY (id),
    -- RENT-CUSTOMER-LICENCE-UNIQUE: one customer per driving licence.
    CONSTRAINT customers_driver_licence_uq UNIQUE (driver_licence_country, driver_licence_number),
    CONSTRAINT customers_driver_licence_country_format_ck CHECK (driver_licence_country ~ '^[A-Z]{2}$'),
    CONSTRAINT customers_driver_licence_number_not_blank_ck CHECK (btrim(driver_licence_number) <> ''),
    CONSTRAINT customers_full_name_not_blank_ck CHECK (btrim(full_name) <> ''),
    CONSTRAINT customers_email_format_ck CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$')
);
CREATE TRIGGER customers_touch_updated_at_trg BEFORE UPDATE ON rental.customers
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

COMMENT ON TABLE rental.customers IS 'People who rent vehicles, identified by their driving licence.';
COMMENT ON COLUMN rental.customers.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN rental.customers.full_name IS 'Name as on the driving licence.';
COMMENT ON COLUMN rental.customers.email IS 'Contact e-mail address, optional.';
COMMENT ON COLUMN rental.customers.phone IS 'Contact phone number, optional.';
COMMENT ON COLUMN rental.customers.driver_licence_number IS 'Driving licence number as printed.';
COMMENT ON COLUMN rental.customers.driver_licence_country IS 'Issuing country, ISO 3166-1 alpha-2.';
COMMENT ON COLUMN rental.customers.created_at IS 'When the row was written.';
COMMENT ON COLUMN rental.customers.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

GRANT SELECT, INSERT, UPDATE ON rental.customers TO fleetdb_app;
GRANT SELECT ON rental.customers TO fleetdb_readonly;

COMMIT;
