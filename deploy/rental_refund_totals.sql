-- Deploy fleetdb:rental_refund_totals to pg
-- requires: rental_payments

-- RENT-REFUND-LIMIT at every isolation level. v1.0 locked the payment row without changing it and then
-- summed the refunds: at REPEATABLE READ two refunds of 600 on a payment of 1000 both committed (each
-- summed its own snapshot). Now every refund adds itself to the payment's running total
-- (rental.refund_totals), a real write: a concurrent refund of the same payment waits (READ COMMITTED,
-- then sees the new total) or fails with 40001 (REPEATABLE READ, SERIALIZABLE). The check is one
-- row instead of a sum over all the payment's refunds.
--
-- Online: this change only switches the check; it backfills nothing, so it holds its lock on
-- rental.refunds for a moment, whatever the table's size. A payment's first refund after it starts the
-- payment's total from the refunds already recorded, and rental_refund_totals_backfill writes the
-- totals of the other payments later, in batches. The limit stays exact throughout because:
-- * the switch waits (SHARE ROW EXCLUSIVE on rental.refunds, lock_timeout) until no refund checked the
--   v1.0 way is still uncommitted, so every such refund is committed, and summed, when a total starts;
-- * a total cannot be started from a snapshot older than this change (refund_totals_snapshot_guard_trg
--   fails it with 40001: at REPEATABLE READ such a snapshot can miss a v1.0-checked refund committed
--   just before the switch); the backfill drops the guard once every payment with refunds has a total;
-- * two first refunds of one payment, or a first refund and the backfill, conflict on refund_totals_pk.
-- (The function's text is kept as it was: the mutation runner names its reviewed mutants by it. Its
-- "none, unless the owner removed the row" holds once the backfill has run.)
-- Nothing here rewrites or scans rental.refunds.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
-- The switch waits for refunds in flight, and refunds arriving meanwhile queue behind it: fail fast and
-- deploy again rather than hold them (a refund transaction left open, for instance).
SET LOCAL lock_timeout = '1s';

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
COMMENT ON COLUMN rental.refund_totals.created_at IS 'When the payment was first refunded (or its total was backfilled).';

GRANT SELECT ON rental.refund_totals TO fleetdb_app, fleetdb_readonly;

-- Until the backfill: pg_class is read with the transaction's snapshot, so a snapshot that cannot see
-- this table was taken before the switch (and maybe before a v1.0-checked refund committed).
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

-- The switch: from here to COMMIT (a moment) no refund is written; every refund after it keeps the totals.
LOCK TABLE rental.refunds IN SHARE ROW EXCLUSIVE MODE;

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

COMMIT;
