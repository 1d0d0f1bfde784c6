-- Deploy fleetdb:rental_rentals to pg
-- requires: rental_customers
-- requires: rental_locations
-- requires: fleet_vehicles

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE rental.rentals (
    id                 uuid        NOT NULL DEFAULT shared.uuid_v7(),
    vehicle_id         uuid        NOT NULL,
    customer_id        uuid        NOT NULL,
    pickup_location_id uuid        NOT NULL,
    return_location_id uuid        NOT NULL,
    period             tstzrange   NOT NULL,
    status             text        NOT NULL DEFAULT 'reserved',
    currency           char(3)     NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT rentals_pk PRIMARY KEY (id),
    -- Target of the (rental_id, currency) foreign keys of charges and payments (RENT-CURRENCY).
    CONSTRAINT rentals_id_currency_uq UNIQUE (id, currency),
    -- Cross-module: rental -> fleet.vehicles.
    CONSTRAINT rentals_vehicle_fk FOREIGN KEY (vehicle_id) REFERENCES fleet.vehicles (id),
    CONSTRAINT rentals_customer_fk FOREIGN KEY (customer_id) REFERENCES rental.customers (id),
    CONSTRAINT rentals_pickup_location_fk FOREIGN KEY (pickup_location_id) REFERENCES rental.locations (id),
    CONSTRAINT rentals_return_location_fk FOREIGN KEY (return_location_id) REFERENCES rental.locations (id),
    CONSTRAINT rentals_currency_fk FOREIGN KEY (currency) REFERENCES shared.currencies (code),
    CONSTRAINT rentals_status_ck CHECK (status IN ('reserved', 'active', 'completed', 'cancelled', 'no_show')),
    -- RENT-PERIOD-HALF-OPEN: bounded, non-empty, [lower, upper). Rejects '[a,b]', '(a,b)', 'empty', '[a,)'
    -- and 'infinity' as a bound (a range ending at infinity is not unbounded to PostgreSQL).
    CONSTRAINT rentals_period_half_open_ck CHECK (
        NOT isempty(period) AND NOT lower_inf(period) AND NOT upper_inf(period)
        AND lower_inc(period) AND NOT upper_inc(period)
        AND isfinite(lower(period)) AND isfinite(upper(period))),
    -- RENT-OVERLAP: no two reserved/active rentals of one vehicle overlap; [a,b) and [b,c) touch,
    -- they do not overlap. Cancelled, completed and no-show rows leave the constraint's scope.
    CONSTRAINT rentals_no_overlap_excl EXCLUDE USING gist (vehicle_id WITH =, period WITH &&)
        WHERE (status IN ('reserved', 'active'))
);
-- A vehicle's rentals by time; also supports rentals_vehicle_fk.
CREATE INDEX rentals_vehicle_id_pickup_idx ON rental.rentals (vehicle_id, lower(period));
-- A customer's rentals by time; also supports rentals_customer_fk.
CREATE INDEX rentals_customer_id_pickup_idx ON rental.rentals (customer_id, lower(period));
-- A branch's bookings overlapping a period (the branch board); also supports rentals_pickup_location_fk.
CREATE INDEX rentals_pickup_location_period_idx ON rental.rentals USING gist (pickup_location_id, period);
CREATE INDEX rentals_return_location_id_idx ON rental.rentals (return_location_id);
CREATE INDEX rentals_currency_idx ON rental.rentals (currency);

COMMENT ON TABLE rental.rentals IS 'Bookings of a vehicle by a customer for a half-open period, from reservation to return.';
COMMENT ON COLUMN rental.rentals.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN rental.rentals.vehicle_id IS 'The rented vehicle (fleet.vehicles).';
COMMENT ON COLUMN rental.rentals.customer_id IS 'The customer.';
COMMENT ON COLUMN rental.rentals.pickup_location_id IS 'Branch where the vehicle is picked up.';
COMMENT ON COLUMN rental.rentals.return_location_id IS 'Branch where the vehicle is returned (one-way rentals differ from pickup).';
COMMENT ON COLUMN rental.rentals.period IS 'Booked period [pickup, return): bounded, non-empty, lower bound included, upper excluded.';
COMMENT ON COLUMN rental.rentals.status IS 'reserved -> active -> completed; reserved -> cancelled | no_show. Terminal states never change.';
COMMENT ON COLUMN rental.rentals.currency IS 'Currency of every charge and payment of the rental (shared.currencies).';
COMMENT ON COLUMN rental.rentals.created_at IS 'When the row was written.';
COMMENT ON COLUMN rental.rentals.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

-- RENT-STATUS-TRANSITION: a new rental starts reserved (or active for a walk-in); then only
-- reserved -> active | cancelled | no_show and active -> completed.
CREATE FUNCTION rental.rentals_check_status_transition() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status NOT IN ('reserved', 'active') THEN
            RAISE EXCEPTION 'a new rental must be reserved or active, not %', NEW.status
                USING ERRCODE = '23514', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;
        END IF;
    ELSIF NEW.status IS DISTINCT FROM OLD.status
          AND (OLD.status, NEW.status) NOT IN (('reserved', 'active'), ('reserved', 'cancelled'),
                                               ('reserved', 'no_show'), ('active', 'completed')) THEN
        RAISE EXCEPTION 'rental %: status % -> % is not allowed', OLD.id, OLD.status, NEW.status
            USING ERRCODE = '23514', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Allowed: reserved->active|cancelled|no_show, active->completed.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION rental.rentals_check_status_transition() IS
    'BEFORE INSERT OR UPDATE OF status trigger: allows only the legal status transitions of a rental.';
REVOKE EXECUTE ON FUNCTION rental.rentals_check_status_transition() FROM PUBLIC;

-- RENT-RETIRED-VEHICLE: a retired vehicle cannot be booked. The vehicle row is locked FOR NO KEY
-- UPDATE first, so a concurrent retirement (an UPDATE of the row) is either seen or waits for the
-- booking. SECURITY DEFINER: the lock needs UPDATE rights on fleet.vehicles.
CREATE FUNCTION rental.rentals_check_vehicle_bookable() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    vehicle_status text;
BEGIN
    IF NEW.status NOT IN ('reserved', 'active') OR (TG_OP = 'UPDATE' AND OLD.status IN ('reserved', 'active')
            AND NEW.vehicle_id = OLD.vehicle_id AND NEW.period = OLD.period) THEN
        RETURN NEW;
    END IF;
    SELECT status INTO vehicle_status FROM fleet.vehicles WHERE id = NEW.vehicle_id FOR NO KEY UPDATE;
    IF vehicle_status = 'retired' THEN
        RAISE EXCEPTION 'vehicle % is retired and cannot be booked', NEW.vehicle_id
            USING ERRCODE = '55000', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION rental.rentals_check_vehicle_bookable() IS
    'BEFORE INSERT OR UPDATE trigger: locks the vehicle row and rejects bookings of a retired vehicle.';
REVOKE EXECUTE ON FUNCTION rental.rentals_check_vehicle_bookable() FROM PUBLIC;

CREATE TRIGGER rentals_status_transition_trg BEFORE INSERT OR UPDATE OF status ON rental.rentals
    FOR EACH ROW EXECUTE FUNCTION rental.rentals_check_status_transition();
CREATE TRIGGER rentals_vehicle_bookable_trg BEFORE INSERT OR UPDATE OF vehicle_id, period, status ON rental.rentals
    FOR EACH ROW EXECUTE FUNCTION rental.rentals_check_vehicle_bookable();
CREATE TRIGGER rentals_touch_updated_at_trg BEFORE UPDATE ON rental.rentals
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

GRANT SELECT, INSERT, UPDATE ON rental.rentals TO fleetdb_app;
GRANT SELECT ON rental.rentals TO fleetdb_readonly;

COMMIT;
