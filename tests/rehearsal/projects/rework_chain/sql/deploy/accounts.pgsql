-- Deploy shop:accounts
-- requires: shop_schema
BEGIN;
CREATE TABLE shop.accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL UNIQUE,
    opened_at timestamptz NOT NULL DEFAULT now()
);
COMMIT;
