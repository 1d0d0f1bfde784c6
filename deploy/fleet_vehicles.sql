-- Deploy fleetdb:fleet_vehicles to pg
-- requires: fleet_schema
-- requires: rental_locations

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE fleet.vehicles (
    id                 uuid        NOT NULL DEFAULT shared.uuid_v7(),
    vin                text        NOT NULL,
    plate              text        NOT NULL,
    plate_jurisdiction text        NOT NULL,
    make               text        NOT NULL,
    model              text        NOT NULL,
    model_year         smallint    NOT NULL,
    status             text        NOT NULL DEFAULT 'in_service',
    home_location_id   uuid        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT vehicles_pk PRIMARY KEY (id),
    -- FLEET-VIN: 17 characters from the ISO 3779 alphabet (digits and letters without I, O, Q), unique.
    CONSTRAINT vehicles_vin_format_ck CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
    CONSTRAINT vehicles_vin_uq UNIQUE (vin),
    CONSTRAINT vehicles_plate_not_blank_ck CHECK (btrim(plate) <> ''),
    CONSTRAINT vehicles_plate_jurisdiction_format_ck CHECK (plate_jurisdiction ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'),
    CONSTRAINT vehicles_make_not_blank_ck CHECK (btrim(make) <> ''),
    CONSTRAINT vehicles_model_not_blank_ck CHECK (btrim(model) <> ''),
    -- FLEET-MODEL-YEAR: constants, because a CHECK may not depend on the clock.
    CONSTRAINT vehicles_model_year_range_ck CHECK (model_year BETWEEN 1980 AND 2100),
    CONSTRAINT vehicles_status_ck CHECK (status IN ('in_service', 'out_of_service', 'retired')),
    -- Cross-module: fleet -> rental.locations.
    CONSTRAINT vehicles_home_location_fk FOREIGN KEY (home_location_id) REFERENCES rental.locations (id)
);
-- FLEET-PLATE-UNIQUE: a plate is unique per jurisdiction among vehicles in service; a retired
-- vehicle keeps its historic plate, which may already be on a new vehicle.
CREATE UNIQUE INDEX vehicles_plate_in_service_uq ON fleet.vehicles (plate_jurisdiction, plate)
    WHERE status <> 'retired';
CREATE INDEX vehicles_home_location_id_idx ON fleet.vehicles (home_location_id);
CREATE TRIGGER vehicles_touch_updated_at_trg BEFORE UPDATE ON fleet.vehicles
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

COMMENT ON TABLE fleet.vehicles IS 'Vehicles of the fleet, from purchase to retirement.';
COMMENT ON COLUMN fleet.vehicles.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN fleet.vehicles.vin IS 'Vehicle identification number (ISO 3779), 17 characters without I, O and Q.';
COMMENT ON COLUMN fleet.vehicles.plate IS 'Licence plate as registered.';
COMMENT ON COLUMN fleet.vehicles.plate_jurisdiction IS 'Registering jurisdiction: ISO 3166-1 alpha-2, optionally with subdivision (US-CA).';
COMMENT ON COLUMN fleet.vehicles.make IS 'Manufacturer, e.g. Volkswagen.';
COMMENT ON COLUMN fleet.vehicles.model IS 'Model, e.g. Golf.';
COMMENT ON COLUMN fleet.vehicles.model_year IS 'Model year, 1980..2100.';
COMMENT ON COLUMN fleet.vehicles.status IS 'in_service, out_of_service (temporarily unavailable) or retired (sold/scrapped; cannot be booked).';
COMMENT ON COLUMN fleet.vehicles.home_location_id IS 'Branch the vehicle belongs to (rental.locations).';
COMMENT ON COLUMN fleet.vehicles.created_at IS 'When the row was written.';
COMMENT ON COLUMN fleet.vehicles.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

GRANT SELECT, INSERT, UPDATE ON fleet.vehicles TO fleetdb_app;
GRANT SELECT ON fleet.vehicles TO fleetdb_readonly;

COMMIT;
