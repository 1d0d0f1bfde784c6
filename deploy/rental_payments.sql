-- Deploy fleetdb:rental_payments to pg
-- requires: rental_rentals
-- requires: shared_append_only

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE rental.payments (
    id                 uuid        NOT NULL DEFAULT shared.uuid_v7(),
    rental_id          uuid        NOT NULL,
    currency           char(3)     NOT NULL,
    amount_minor       bigint      NOT NULL,
    provider           text        NOT NULL,
    provider_reference text        NOT NULL,
    received_at        timestamptz NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT payments_pk PRIMARY KEY (id),
    -- Target of refunds_payment_currency_fk.
    CONSTRAINT payments_id_currency_uq UNIQUE (id, currency),
    -- RENT-CURRENCY.
    CONSTRAINT payments_rental_currency_fk FOREIGN KEY (rental_id, currency) REFERENCES rental.rentals (id, currency),
    -- RENT-PAYMENT-ONCE: a provider's notification may arrive many times; it is recorded once.
    CONSTRAINT payments_provider_reference_uq UNIQUE (provider, provider_reference),
    -- RENT-AMOUNT-POSITIVE.
    CONSTRAINT payments_amount_positive_ck CHECK (amount_minor > 0),
    CONSTRAINT payments_provider_not_blank_ck CHECK (btrim(provider) <> ''),
    CONSTRAINT payments_provider_reference_not_blank_ck CHECK (btrim(provider_reference) <> '')
);
CREATE INDEX payments_rental_id_currency_idx ON rental.payments (rental_id, currency);
CREATE TRIGGER payments_append_only_trg BEFORE UPDATE OR DELETE ON rental.payments
    FOR EACH ROW EXECUTE FUNCTION shared.reject_mutation();
CREATE TRIGGER payments_no_truncate_trg BEFORE TRUNCATE ON rental.payments
    FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_mutation();

COMMENT ON TABLE rental.payments IS 'Append-only payments received for a rental, one per provider transaction.';
COMMENT ON COLUMN rental.payments.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN rental.payments.rental_id IS 'The rental paid for.';
COMMENT ON COLUMN rental.payments.currency IS 'Equal to the rental''s currency (composite foreign key).';
COMMENT ON COLUMN rental.payments.amount_minor IS 'Amount received in minor units, > 0.';
COMMENT ON COLUMN rental.payments.provider IS 'Payment service provider, e.g. stripe, adyen, cash.';
COMMENT ON COLUMN rental.payments.provider_reference IS 'The provider''s transaction id; unique per provider.';
COMMENT ON COLUMN rental.payments.received_at IS 'When the provider confirmed the payment.';
COMMENT ON COLUMN rental.payments.created_at IS 'When the row was written.';

CREATE TABLE rental.refunds (
    id                 uuid        NOT NULL DEFAULT shared.uuid_v7(),
    payment_id         uuid        NOT NULL,
    currency           char(3)     NOT NULL,
    amount_minor       bigint      NOT NULL,
    provider_reference text,
    reason             text        NOT NULL,
    refunded_at        timestamptz NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT refunds_pk PRIMARY KEY (id),
    -- RENT-CURRENCY: refunded in the payment's currency.
    CONSTRAINT refunds_payment_currency_fk FOREIGN KEY (payment_id, currency) REFERENCES rental.payments (id, currency),
    -- RENT-AMOUNT-POSITIVE.
    CONSTRAINT refunds_amount_positive_ck CHECK (amount_minor > 0),
    CONSTRAINT refunds_reason_not_blank_ck CHECK (btrim(reason) <> '')
);
CREATE INDEX refunds_payment_id_currency_idx ON rental.refunds (payment_id, currency);

COMMENT ON TABLE rental.refunds IS 'Append-only refunds of a payment; their total never exceeds the payment.';
COMMENT ON COLUMN rental.refunds.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN rental.refunds.payment_id IS 'The payment refunded.';
COMMENT ON COLUMN rental.refunds.currency IS 'Equal to the payment''s currency (composite foreign key).';
COMMENT ON COLUMN rental.refunds.amount_minor IS 'Amount refunded in minor units, > 0.';
COMMENT ON COLUMN rental.refunds.provider_reference IS 'The provider''s refund id, once known.';
COMMENT ON COLUMN rental.refunds.reason IS 'Why the money was returned.';
COMMENT ON COLUMN rental.refunds.refunded_at IS 'When the refund was issued.';
COMMENT ON COLUMN rental.refunds.created_at IS 'When the row was written.';

-- RENT-REFUND-LIMIT. The payment row is locked FOR UPDATE before the refunds are summed, so
-- concurrent refunds of one payment are checked one after the other (READ COMMITTED: the sum is
-- read with a fresh snapshot after the lock is granted). SECURITY DEFINER: locking a row needs
-- UPDATE rights on rental.payments, which the application does not have.
CREATE FUNCTION rental.refunds_check_within_payment() RETURNS trigger
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
REVOKE EXECUTE ON FUNCTION rental.refunds_check_within_payment() FROM PUBLIC;

CREATE TRIGGER refunds_within_payment_trg BEFORE INSERT ON rental.refunds
    FOR EACH ROW EXECUTE FUNCTION rental.refunds_check_within_payment();
CREATE TRIGGER refunds_append_only_trg BEFORE UPDATE OR DELETE ON rental.refunds
    FOR EACH ROW EXECUTE FUNCTION shared.reject_mutation();
CREATE TRIGGER refunds_no_truncate_trg BEFORE TRUNCATE ON rental.refunds
    FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_mutation();

GRANT SELECT, INSERT ON rental.payments, rental.refunds TO fleetdb_app;
GRANT SELECT ON rental.payments, rental.refunds TO fleetdb_readonly;

COMMIT;
