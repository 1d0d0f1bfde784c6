-- Revert fleetdb:rental_refund_totals from pg

-- The check as v1.0 shipped it (deploy/rental_payments.sql), comment included; then the totals go.

BEGIN;

SET LOCAL ROLE fleetdb_owner;

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

DROP TABLE rental.refund_totals;

COMMIT;
