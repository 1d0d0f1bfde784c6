-- Revert fleetdb:shared_append_only from pg

BEGIN;

DROP FUNCTION shared.reject_mutation();

COMMIT;
