-- Deploy fleetdb:rental_charges to pg
-- requires: rental_rentals
-- requires: shared_append_only

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- Charges are facts: append-only. A wrong charge is offset by a discount (or credit) charge.
CREATE TABLE rental.charges (
    id           uuid        NOT NULL DEFAULT shared.uuid_v7(),
    rental_id    uuid        NOT NULL,
    currency     char(3)     NOT NULL,
    kind         text        NOT NULL,
    amount_minor bigint      NOT NULL,
    description  text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT charges_pk PRIMARY KEY (id),
    -- RENT-CURRENCY: the charge is in its rental's currency (and the rental's currency is a real one).
    CONSTRAINT charges_rental_currency_fk FOREIGN KEY (rental_id, currency) REFERENCES rental.rentals (id, currency),
    CONSTRAINT charges_kind_ck CHECK (kind IN ('base_rate', 'extra_day', 'one_way_fee', 'fuel', 'mileage',
                                                'extra_equipment', 'insurance', 'late_return', 'damage',
                                                'cleaning', 'discount')),
    -- RENT-AMOUNT-POSITIVE: amounts are always positive; the kind gives the sign: a discount is
    -- subtracted from the total, every other kind is added (see docs/db/rental.md).
    CONSTRAINT charges_amount_positive_ck CHECK (amount_minor > 0)
);
CREATE INDEX charges_rental_id_currency_idx ON rental.charges (rental_id, currency);
CREATE TRIGGER charges_append_only_trg BEFORE UPDATE OR DELETE ON rental.charges
    FOR EACH ROW EXECUTE FUNCTION shared.reject_mutation();
CREATE TRIGGER charges_no_truncate_trg BEFORE TRUNCATE ON rental.charges
    FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_mutation();

COMMENT ON TABLE rental.charges IS 'Append-only charges of a rental; the rental total is the sum of non-discount charges minus discounts.';
COMMENT ON COLUMN rental.charges.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN rental.charges.rental_id IS 'The rental charged.';
COMMENT ON COLUMN rental.charges.currency IS 'Equal to the rental''s currency (composite foreign key).';
COMMENT ON COLUMN rental.charges.kind IS 'What is charged; discount is the only kind that reduces the total.';
COMMENT ON COLUMN rental.charges.amount_minor IS 'Amount in minor units of currency, always > 0; the sign comes from kind.';
COMMENT ON COLUMN rental.charges.description IS 'Text printed on the invoice line.';
COMMENT ON COLUMN rental.charges.created_at IS 'When the row was written.';

GRANT SELECT, INSERT ON rental.charges TO fleetdb_app;
GRANT SELECT ON rental.charges TO fleetdb_readonly;

COMMIT;
