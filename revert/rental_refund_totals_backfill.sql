-- Revert fleetdb:rental_refund_totals_backfill from pg

-- The snapshot guard again, as rental_refund_totals created it. The backfilled totals stay: they are
-- exact, and the check keeps them (reverting rental_refund_totals drops them all).

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '1s';

CREATE FUNCTION rental.refund_totals_snapshot_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_class WHERE oid = TG_RELID) THEN
        RAISE EXCEPTION 'a refund total cannot start from a snapshot taken before rental_refund_totals was deployed'
            USING ERRCODE = '40001', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Retry the transaction.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION rental.refund_totals_snapshot_guard() IS
    'BEFORE INSERT statement trigger of rental.refund_totals until rental_refund_totals_backfill: fails with 40001 when the transaction''s snapshot predates the table.';
CREATE TRIGGER refund_totals_snapshot_guard_trg BEFORE INSERT ON rental.refund_totals
    FOR EACH STATEMENT EXECUTE FUNCTION rental.refund_totals_snapshot_guard();

COMMIT;
