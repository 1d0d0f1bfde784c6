-- Verify fleetdb:fleet_vehicles_branch_page_idx on pg

BEGIN;

-- Valid (a failed concurrent build leaves an invalid index), and on (home_location_id, id).
SELECT shared.assert_indexes('fleet.vehicles', ARRAY['vehicles_home_location_id_idx']);
DO $$
BEGIN
    IF pg_get_indexdef('fleet.vehicles_home_location_id_idx'::regclass)
       <> 'CREATE INDEX vehicles_home_location_id_idx ON fleet.vehicles USING btree (home_location_id, id)' THEN
        RAISE EXCEPTION 'fleet.vehicles_home_location_id_idx is not the index on (home_location_id, id): %',
            pg_get_indexdef('fleet.vehicles_home_location_id_idx'::regclass);
    END IF;
END
$$;

ROLLBACK;
