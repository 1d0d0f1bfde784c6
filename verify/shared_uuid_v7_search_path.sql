-- Verify fleetdb:shared_uuid_v7_search_path on pg

BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_proc WHERE oid = 'shared.uuid_v7()'::regprocedure
                   AND proconfig = ARRAY['search_path=pg_catalog, pg_temp']) THEN
        RAISE EXCEPTION 'shared.uuid_v7() does not pin search_path = pg_catalog, pg_temp';
    END IF;
END
$$;

ROLLBACK;
