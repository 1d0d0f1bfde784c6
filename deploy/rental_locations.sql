-- Deploy fleetdb:rental_locations to pg
-- requires: rental_schema

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE rental.locations (
    id         uuid        NOT NULL DEFAULT shared.uuid_v7(),
    code       text        NOT NULL,
    name       text        NOT NULL,
    address    text        NOT NULL,
    time_zone  text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT locations_pk PRIMARY KEY (id),
    CONSTRAINT locations_code_uq UNIQUE (code),
    CONSTRAINT locations_code_format_ck CHECK (code ~ '^[A-Z0-9]{3,10}$'),
    CONSTRAINT locations_time_zone_not_blank_ck CHECK (btrim(time_zone) <> '')
);
CREATE TRIGGER locations_touch_updated_at_trg BEFORE UPDATE ON rental.locations
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

COMMENT ON TABLE rental.locations IS 'Branches where vehicles are picked up and returned; also home base of vehicles and staff.';
COMMENT ON COLUMN rental.locations.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN rental.locations.code IS 'Short branch code shown on contracts, e.g. MUC01.';
COMMENT ON COLUMN rental.locations.name IS 'Branch name.';
COMMENT ON COLUMN rental.locations.address IS 'Postal address.';
COMMENT ON COLUMN rental.locations.time_zone IS 'IANA time zone of the branch, e.g. Europe/Berlin (for local opening hours).';
COMMENT ON COLUMN rental.locations.created_at IS 'When the row was written.';
COMMENT ON COLUMN rental.locations.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

GRANT SELECT ON rental.locations TO fleetdb_app, fleetdb_readonly;

COMMIT;
