-- Deploy fleetdb:accounting_accounts to pg
-- requires: accounting_schema

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE accounting.accounts (
    id         uuid        NOT NULL DEFAULT shared.uuid_v7(),
    code       text        NOT NULL,
    name       text        NOT NULL,
    type       text        NOT NULL,
    currency   char(3)     NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_pk PRIMARY KEY (id),
    CONSTRAINT accounts_code_uq UNIQUE (code),
    -- Target of journal_lines_account_fk (ACCT-ONE-CURRENCY). It also keeps an account with lines
    -- from changing its currency: the referencing lines would no longer match.
    CONSTRAINT accounts_id_currency_uq UNIQUE (id, currency),
    CONSTRAINT accounts_currency_fk FOREIGN KEY (currency) REFERENCES shared.currencies (code),
    CONSTRAINT accounts_type_ck CHECK (type IN ('asset', 'liability', 'equity', 'revenue', 'expense')),
    CONSTRAINT accounts_code_format_ck CHECK (code ~ '^[0-9A-Z][0-9A-Z.-]*$')
);
CREATE INDEX accounts_currency_idx ON accounting.accounts (currency);
CREATE TRIGGER accounts_touch_updated_at_trg BEFORE UPDATE ON accounting.accounts
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

COMMENT ON TABLE accounting.accounts IS 'Chart of accounts; every account holds one currency.';
COMMENT ON COLUMN accounting.accounts.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN accounting.accounts.code IS 'Account number in the chart of accounts, unique, e.g. 1200 or 4000-EUR.';
COMMENT ON COLUMN accounting.accounts.name IS 'Account name.';
COMMENT ON COLUMN accounting.accounts.type IS 'asset, liability, equity, revenue or expense.';
COMMENT ON COLUMN accounting.accounts.currency IS 'The only currency lines on this account may carry.';
COMMENT ON COLUMN accounting.accounts.created_at IS 'When the row was written.';
COMMENT ON COLUMN accounting.accounts.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

GRANT SELECT ON accounting.accounts TO fleetdb_app, fleetdb_readonly;

COMMIT;
