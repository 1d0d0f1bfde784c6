-- Revert fleetdb:rental_refund_totals from pg

-- The check as v1.0 shipped it (deploy/rental_payments.sql), comment included; then the totals go.
-- Two transactions, so that no refund is left waiting for a table that is gone: the switch back waits
-- until no refund that keeps the totals is uncommitted (refunds arriving meanwhile queue before their
-- check runs, and then run v1.0's); the totals, unused from then on, are dropped after it.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '1s';

LOCK TABLE rental.refunds IN SHARE ROW EXCLUSIVE MODE;

CREATE OR REPLACE FUNCTION rental.refunds_check_within_payment() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    paid     bigint;
    refunded bigint;
BEGIN
    SELECT amount_minor INTO paid FROM rental.payments WHERE id = NEW.payment_id FOR UPDATE;
    SELECT coalesce(sum(amount_minor), 0) INTO refunded FROM rental.refunds WHERE payment_id = NEW.payment_id;
    IF refunded + NEW.amount_minor > paid THEN
        RAISE EXCEPTION 'refund of % would bring refunds of payment % to %, above the % paid',
                NEW.amount_minor, NEW.payment_id, refunded + NEW.amount_minor, paid
            USING ERRCODE = '23514', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION rental.refunds_check_within_payment() IS
    'BEFORE INSERT trigger: locks the payment and rejects a refund that would exceed it.';

COMMIT;

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '1s';

DROP TABLE rental.refund_totals;
DROP FUNCTION rental.refund_totals_snapshot_guard();

COMMIT;
