-- Verify fleetdb:fleet_vehicles_branch_page_idx on pg

BEGIN;

-- Valid (a failed concurrent build leaves an invalid index), and on (home_location_id, id).
SELECT shared.assert_indexes('fleet.vehicles', ARRAY['vehicles_home_location_id_idx']);
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT FROM pg_index AS i
        WHERE i.indexrelid = to_regclass('fleet.vehicles_home_location_id_idx')
          AND i.indpred IS NULL AND i.indexprs IS NULL
          AND pg_get_indexdef(i.indexrelid, 1, false) = 'home_location_id'
          AND pg_get_indexdef(i.indexrelid, 2, false) = 'id'
          AND i.indnatts = 2) THEN
        RAISE EXCEPTION 'fleet.vehicles_home_location_id_idx is not the index on (home_location_id, id)';
    END IF;
END
$$;

ROLLBACK;
