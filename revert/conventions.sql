-- Revert fleetdb:conventions from pg

BEGIN;

DROP TABLE shared.currencies;
DROP FUNCTION shared.touch_updated_at();
DROP FUNCTION shared.uuid_v7();
-- The deploy installs btree_gist in shared only when the database did not have it: found anywhere
-- else, it was there before and stays (with whatever of the user's depends on it).
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_extension AS e JOIN pg_namespace AS n ON n.oid = e.extnamespace
               WHERE e.extname = 'btree_gist' AND n.nspname = 'shared') THEN
        DROP EXTENSION btree_gist;
    END IF;
END
$$;
DROP SCHEMA shared;

COMMIT;
