-- Verify fleetdb:fleet_plate_key on pg

BEGIN;

SELECT shared.assert_indexes('fleet.vehicles', ARRAY['vehicles_plate_in_service_uq'],
    p_unique => ARRAY['vehicles_plate_in_service_uq']);
DO $$
BEGIN
    IF pg_get_indexdef('fleet.vehicles_plate_in_service_uq'::regclass)
       NOT LIKE '%(plate_jurisdiction, translate(plate, '' -''::text, ''''::text)) WHERE (status <> ''retired''::text)' THEN
        RAISE EXCEPTION 'fleet.vehicles_plate_in_service_uq does not compare plates without separators: %',
            pg_get_indexdef('fleet.vehicles_plate_in_service_uq'::regclass);
    END IF;
END
$$;

ROLLBACK;
