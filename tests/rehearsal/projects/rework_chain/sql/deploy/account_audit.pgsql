-- Deploy shop:account_audit
-- requires: accounts
BEGIN;
CREATE TABLE shop.account_audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint NOT NULL,
    event text NOT NULL CHECK (event IN ('opened', 'closed')),
    at timestamptz NOT NULL DEFAULT now()
);
COMMIT;
