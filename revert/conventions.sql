-- Revert fleetdb:conventions from pg

BEGIN;

DROP TABLE shared.currencies;
DROP FUNCTION shared.touch_updated_at();
DROP FUNCTION shared.uuid_v7();
DROP EXTENSION btree_gist;
DROP SCHEMA shared;

COMMIT;
