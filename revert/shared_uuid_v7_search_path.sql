-- Revert fleetdb:shared_uuid_v7_search_path from pg

BEGIN;

SET LOCAL lock_timeout = '5s';
SET LOCAL ROLE fleetdb_owner;

ALTER FUNCTION shared.uuid_v7() SET search_path = pg_catalog;

COMMIT;
