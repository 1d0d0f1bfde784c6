-- Deploy fleetdb:shared_append_only to pg
-- requires: shared_assertions

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- One trigger function for every append-only table: BEFORE UPDATE OR DELETE (row) and
-- BEFORE TRUNCATE (statement) triggers call it. The error carries SQLSTATE 55000 and the
-- trigger's own name as constraint name, so clients map it without reading the message.
CREATE FUNCTION shared.reject_mutation() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    RAISE EXCEPTION '%.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
        USING ERRCODE = '55000', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
              HINT = 'Record a correcting row (correction event, reversal entry, refund) instead.';
END
$$;
COMMENT ON FUNCTION shared.reject_mutation() IS
    'Trigger function of append-only tables: raises 55000 naming the trigger on UPDATE, DELETE or TRUNCATE.';
REVOKE EXECUTE ON FUNCTION shared.reject_mutation() FROM PUBLIC;

COMMIT;
