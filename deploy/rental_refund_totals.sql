-- Deploy fleetdb:rental_refund_totals to pg
-- requires: rental_payments

-- RENT-REFUND-LIMIT at every isolation level. v1.0 locked the payment row without changing it and then
-- summed the refunds: at REPEATABLE READ two refunds of 600 on a payment of 1000 both committed (each
-- summed its own snapshot). Now every refund adds itself to the payment's running total
-- (rental.refund_totals), a real write: a concurrent refund of the same payment waits (READ COMMITTED,
-- then sees the new total) or fails with 40001 (REPEATABLE READ, SERIALIZABLE). The check is one
-- row instead of a sum over all the payment's refunds.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

-- No refund may commit between the backfill below and the new check: refunds wait for this change
-- (a few seconds at most; payments, rentals and reads go on). Batching the backfill would let a refund
-- checked the v1.0 way slip between two batches unseen.
LOCK TABLE rental.refunds IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE rental.refund_totals (
    payment_id     uuid        NOT NULL,
    paid_minor     bigint      NOT NULL,
    refunded_minor bigint      NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    -- No foreign key to rental.payments: the trigger writes the row from the payment itself, and
    -- payments are never deleted; a key would only cost the first refund and stand in the way of the
    -- append-only triggers' own answer to TRUNCATE rental.payments.
    CONSTRAINT refund_totals_pk PRIMARY KEY (payment_id),
    -- The rule itself, declaratively: whoever writes the total (the trigger, or the owner by hand).
    CONSTRAINT refund_totals_within_payment_ck CHECK (refunded_minor >= 0 AND refunded_minor <= paid_minor)
);

COMMENT ON TABLE rental.refund_totals IS
    'Running total of the refunds of a payment (RENT-REFUND-LIMIT), kept by refunds_within_payment_trg; one row per payment refunded at least once.';
COMMENT ON COLUMN rental.refund_totals.payment_id IS 'The payment (rental.payments.id).';
COMMENT ON COLUMN rental.refund_totals.paid_minor IS 'The payment''s amount in minor units (payments are append-only, so it never changes).';
COMMENT ON COLUMN rental.refund_totals.refunded_minor IS 'Sum of the payment''s refunds in minor units; never above paid_minor.';
COMMENT ON COLUMN rental.refund_totals.created_at IS 'When the payment was first refunded (or this change was deployed).';

INSERT INTO rental.refund_totals (payment_id, paid_minor, refunded_minor)
SELECT p.id, p.amount_minor, sum(r.amount_minor)
FROM rental.refunds AS r
JOIN rental.payments AS p ON p.id = r.payment_id
GROUP BY p.id, p.amount_minor;

CREATE OR REPLACE FUNCTION rental.refunds_check_within_payment() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    paid     bigint;
    refunded bigint;
BEGIN
    IF NEW.amount_minor IS NULL OR NEW.amount_minor <= 0 THEN
        RETURN NEW;  -- refunds_amount_positive_ck (or NOT NULL) says what is wrong with it
    END IF;
    -- paid - refunded >= 0 cannot overflow, where refunded + amount could.
    UPDATE rental.refund_totals SET refunded_minor = refunded_minor + NEW.amount_minor
    WHERE payment_id = NEW.payment_id AND NEW.amount_minor <= paid_minor - refunded_minor;
    IF FOUND THEN
        RETURN NEW;
    END IF;
    IF NOT EXISTS (SELECT FROM rental.refund_totals WHERE payment_id = NEW.payment_id) THEN
        -- The payment's first refund: its total starts here, from the refunds recorded so far (none,
        -- unless the owner removed the row). A concurrent first refund of the same payment conflicts
        -- on refund_totals_pk (waits, or 40001 when it committed unseen).
        INSERT INTO rental.refund_totals (payment_id, paid_minor, refunded_minor)
        SELECT p.id, p.amount_minor,
               (SELECT coalesce(sum(r.amount_minor), 0) FROM rental.refunds AS r WHERE r.payment_id = p.id)
        FROM rental.payments AS p WHERE p.id = NEW.payment_id
        ON CONFLICT ON CONSTRAINT refund_totals_pk DO NOTHING;
        UPDATE rental.refund_totals SET refunded_minor = refunded_minor + NEW.amount_minor
        WHERE payment_id = NEW.payment_id AND NEW.amount_minor <= paid_minor - refunded_minor;
        IF FOUND THEN
            RETURN NEW;
        END IF;
    END IF;
    SELECT paid_minor, refunded_minor INTO paid, refunded FROM rental.refund_totals WHERE payment_id = NEW.payment_id;
    IF NOT FOUND THEN
        RETURN NEW;  -- no such payment: refunds_payment_currency_fk says so
    END IF;
    RAISE EXCEPTION 'refund of % would bring refunds of payment % to %, above the % paid',
            NEW.amount_minor, NEW.payment_id, refunded::numeric + NEW.amount_minor, paid
        USING ERRCODE = '23514', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
              HINT = format('At most %s can still be refunded on this payment.', paid - refunded);
END
$$;
COMMENT ON FUNCTION rental.refunds_check_within_payment() IS
    'BEFORE INSERT trigger: adds the refund to the payment''s running total (rental.refund_totals), rejecting it when the total would exceed the payment.';

GRANT SELECT ON rental.refund_totals TO fleetdb_app, fleetdb_readonly;

COMMIT;
