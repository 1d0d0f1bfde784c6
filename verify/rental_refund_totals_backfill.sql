-- Verify fleetdb:rental_refund_totals_backfill on pg

BEGIN;

DO $$
BEGIN
    IF to_regprocedure('rental.refund_totals_snapshot_guard()') IS NOT NULL
       OR EXISTS (SELECT FROM pg_trigger WHERE tgname = 'refund_totals_snapshot_guard_trg') THEN
        RAISE EXCEPTION 'rental.refund_totals still has its snapshot guard: the backfill has not finished';
    END IF;
END
$$;

ROLLBACK;
