-- Deploy fleetdb:shared_uuid_v7_search_path to pg
-- requires: conventions

-- shared.uuid_v7(), every table's id default, pinned search_path = pg_catalog only. PostgreSQL then
-- still searches pg_temp first for types and relations (only a path that names pg_temp puts it
-- elsewhere): a session that created a temporary type named uuid turned the function's ::uuid into
-- its own type, and every insert of that session failed. Now pg_temp comes last, as in every other
-- fleetdb function, so a hostile session resolves nothing of the function (issue 13). ALTER FUNCTION
-- locks only the function's catalog row, briefly; lock_timeout keeps a deploy under load from queueing.

BEGIN;

SET LOCAL lock_timeout = '5s';
SET LOCAL ROLE fleetdb_owner;

ALTER FUNCTION shared.uuid_v7() SET search_path = pg_catalog, pg_temp;

COMMIT;
