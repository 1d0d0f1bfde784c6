-- Deploy fleetdb:rental_book to pg
-- requires: rental_rentals

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- The booking entry point of the application. Every rule (overlap, period shape, retired vehicle,
-- maintenance windows) is enforced by rental.rentals itself; this function only gives the
-- application one call with a stable signature.
CREATE FUNCTION rental.book(
    p_vehicle_id uuid,
    p_customer_id uuid,
    p_pickup_location_id uuid,
    p_return_location_id uuid,
    p_period tstzrange,
    p_currency char(3)
) RETURNS uuid
    LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO rental.rentals (vehicle_id, customer_id, pickup_location_id, return_location_id, period, currency)
    VALUES (p_vehicle_id, p_customer_id, p_pickup_location_id, p_return_location_id, p_period, p_currency)
    RETURNING id;
$$;
COMMENT ON FUNCTION rental.book(uuid, uuid, uuid, uuid, tstzrange, char) IS
    'Reserves a vehicle for a customer and period; returns the rental id. Raises 23P01 on an overlap.';
REVOKE EXECUTE ON FUNCTION rental.book(uuid, uuid, uuid, uuid, tstzrange, char) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rental.book(uuid, uuid, uuid, uuid, tstzrange, char) TO fleetdb_app;

COMMIT;
