-- Deploy rehearsal_fixture:orders to pg
-- requires: customers

BEGIN;

CREATE SEQUENCE app.order_numbers;
CREATE TABLE app.orders (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    number      bigint NOT NULL DEFAULT nextval('app.order_numbers'),
    customer_id bigint NOT NULL,
    total_cents integer NOT NULL,
    placed_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orders_pk PRIMARY KEY (id),
    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES app.customers (id),
    CONSTRAINT orders_total_positive_ck CHECK (total_cents > 0)
);
ALTER SEQUENCE app.order_numbers OWNED BY app.orders.number;
CREATE INDEX orders_customer_id_idx ON app.orders (customer_id);

COMMIT;
