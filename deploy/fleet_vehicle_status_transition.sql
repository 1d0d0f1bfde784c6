-- Deploy fleetdb:fleet_vehicle_status_transition to pg
-- requires: fleet_vehicles

-- FLEET-VEHICLE-STATUS-TRANSITION: vehicles get the transition rule that rentals and jobs have. A new
-- vehicle is in_service or out_of_service; then in_service <-> out_of_service, and either -> retired;
-- retired is final (a vehicle sold or scrapped does not come back: v1.0 let it return to service, and
-- its historic plate, no longer under vehicles_plate_in_service_uq, could then collide). The trigger is
-- cheap and needs no data check: every status v1.0 stored is a legal state; only moves are new rules.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

CREATE FUNCTION fleet.vehicles_check_status_transition() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status NOT IN ('in_service', 'out_of_service') THEN
            RAISE EXCEPTION 'a new vehicle must be in_service or out_of_service, not %', NEW.status
                USING ERRCODE = '23514', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;
        END IF;
    ELSIF NEW.status IS DISTINCT FROM OLD.status
          AND (OLD.status, NEW.status) NOT IN (('in_service', 'out_of_service'), ('out_of_service', 'in_service'),
                                               ('in_service', 'retired'), ('out_of_service', 'retired')) THEN
        RAISE EXCEPTION 'vehicle %: status % -> % is not allowed', OLD.id, OLD.status, NEW.status
            USING ERRCODE = '23514', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Allowed: in_service<->out_of_service, in_service|out_of_service->retired; retired is final.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fleet.vehicles_check_status_transition() IS
    'BEFORE INSERT OR UPDATE OF status trigger: allows only the legal status transitions of a vehicle.';
REVOKE EXECUTE ON FUNCTION fleet.vehicles_check_status_transition() FROM PUBLIC;

CREATE TRIGGER vehicles_status_transition_trg BEFORE INSERT OR UPDATE OF status ON fleet.vehicles
    FOR EACH ROW EXECUTE FUNCTION fleet.vehicles_check_status_transition();

COMMIT;
