-- Deploy fleetdb:accounting_entries to pg
-- requires: accounting_accounts
-- requires: shared_append_only

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE accounting.journal_entries (
    id                 uuid        NOT NULL DEFAULT shared.uuid_v7(),
    posting_date       date        NOT NULL,
    source             text        NOT NULL,
    external_reference text        NOT NULL,
    currency           char(3)     NOT NULL,
    description        text        NOT NULL,
    reverses_entry_id  uuid,
    created_txid       xid8        NOT NULL DEFAULT pg_current_xact_id(),
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT journal_entries_pk PRIMARY KEY (id),
    -- ACCT-IDEMPOTENT-POSTING: one entry per business event of a source module.
    CONSTRAINT journal_entries_source_reference_uq UNIQUE (source, external_reference),
    -- Targets of the composite foreign keys (ACCT-ONE-CURRENCY).
    CONSTRAINT journal_entries_id_currency_uq UNIQUE (id, currency),
    CONSTRAINT journal_entries_id_currency_date_uq UNIQUE (id, currency, posting_date),
    CONSTRAINT journal_entries_currency_fk FOREIGN KEY (currency) REFERENCES shared.currencies (code),
    -- A reversal is in the currency of the entry it reverses.
    CONSTRAINT journal_entries_reverses_fk FOREIGN KEY (reverses_entry_id, currency)
        REFERENCES accounting.journal_entries (id, currency),
    -- ACCT-REVERSE-ONCE: reverses_entry_id determines currency, so this is UNIQUE (reverses_entry_id),
    -- written with currency so that it also serves journal_entries_reverses_fk.
    CONSTRAINT journal_entries_reverses_once_uq UNIQUE (reverses_entry_id, currency),
    CONSTRAINT journal_entries_not_self_reversal_ck CHECK (reverses_entry_id <> id),
    CONSTRAINT journal_entries_source_ck CHECK (source IN ('iam', 'fleet', 'rental', 'maintenance', 'accounting')),
    CONSTRAINT journal_entries_external_reference_not_blank_ck CHECK (btrim(external_reference) <> '')
);
CREATE INDEX journal_entries_currency_idx ON accounting.journal_entries (currency);
CREATE INDEX journal_entries_posting_date_idx ON accounting.journal_entries (posting_date);

COMMENT ON TABLE accounting.journal_entries IS
    'Append-only journal entries; balanced with at least two lines at commit; corrected only by a reversal entry.';
COMMENT ON COLUMN accounting.journal_entries.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN accounting.journal_entries.posting_date IS 'Accounting date of the entry.';
COMMENT ON COLUMN accounting.journal_entries.source IS 'Module that posted the entry.';
COMMENT ON COLUMN accounting.journal_entries.external_reference IS 'The business event in the source module (e.g. payment id); unique per source.';
COMMENT ON COLUMN accounting.journal_entries.currency IS 'Currency of the entry, its lines and their accounts.';
COMMENT ON COLUMN accounting.journal_entries.description IS 'Booking text.';
COMMENT ON COLUMN accounting.journal_entries.reverses_entry_id IS 'The entry this one reverses; an entry is reversed at most once.';
COMMENT ON COLUMN accounting.journal_entries.created_txid IS 'Transaction that wrote the entry (set by trigger); only it may add lines.';
COMMENT ON COLUMN accounting.journal_entries.created_at IS 'When the row was written.';

CREATE TABLE accounting.journal_lines (
    id           uuid        NOT NULL DEFAULT shared.uuid_v7(),
    entry_id     uuid        NOT NULL,
    account_id   uuid        NOT NULL,
    currency     char(3)     NOT NULL,
    posting_date date        NOT NULL,
    amount_minor bigint      NOT NULL,
    memo         text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT journal_lines_pk PRIMARY KEY (id),
    -- ACCT-ONE-CURRENCY: line currency = entry currency = account currency. posting_date is copied
    -- from the entry (and kept equal by the same key) for the "account lines by date" read path.
    CONSTRAINT journal_lines_entry_fk FOREIGN KEY (entry_id, currency, posting_date)
        REFERENCES accounting.journal_entries (id, currency, posting_date),
    CONSTRAINT journal_lines_account_fk FOREIGN KEY (account_id, currency)
        REFERENCES accounting.accounts (id, currency),
    -- ACCT-LINE-NONZERO: debit > 0, credit < 0, never zero.
    CONSTRAINT journal_lines_amount_nonzero_ck CHECK (amount_minor <> 0)
);
CREATE INDEX journal_lines_entry_id_idx ON accounting.journal_lines (entry_id, currency, posting_date);
-- An account's lines by date (ledger, balances); also supports journal_lines_account_fk. The amount is
-- included so a balance as of a date is an index-only scan.
CREATE INDEX journal_lines_account_id_posting_date_idx ON accounting.journal_lines (account_id, currency, posting_date)
    INCLUDE (amount_minor);

COMMENT ON TABLE accounting.journal_lines IS 'Append-only lines of a journal entry: signed amounts on accounts.';
COMMENT ON COLUMN accounting.journal_lines.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN accounting.journal_lines.entry_id IS 'The entry.';
COMMENT ON COLUMN accounting.journal_lines.account_id IS 'The account debited or credited.';
COMMENT ON COLUMN accounting.journal_lines.currency IS 'Equal to the entry''s and the account''s currency (composite foreign keys).';
COMMENT ON COLUMN accounting.journal_lines.posting_date IS 'Equal to the entry''s posting date (composite foreign key).';
COMMENT ON COLUMN accounting.journal_lines.amount_minor IS 'Signed amount in minor units: debit > 0, credit < 0; never 0.';
COMMENT ON COLUMN accounting.journal_lines.memo IS 'Line text.';
COMMENT ON COLUMN accounting.journal_lines.created_at IS 'When the row was written.';

-- created_txid is always the inserting transaction, whatever the INSERT says.
CREATE FUNCTION accounting.journal_entries_stamp_txid() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.created_txid := pg_current_xact_id();
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION accounting.journal_entries_stamp_txid() IS
    'BEFORE INSERT trigger: sets created_txid to the current transaction.';
REVOKE EXECUTE ON FUNCTION accounting.journal_entries_stamp_txid() FROM PUBLIC;

-- ACCT-NO-LATE-LINES: lines belong to the transaction that created their entry; a later
-- transaction cannot add lines, not even a balanced +x/-x pair.
CREATE FUNCTION accounting.journal_lines_check_same_transaction() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    entry_txid xid8;
BEGIN
    SELECT created_txid INTO entry_txid FROM accounting.journal_entries WHERE id = NEW.entry_id;
    IF entry_txid IS DISTINCT FROM pg_current_xact_id() THEN
        RAISE EXCEPTION 'journal entry % was posted by an earlier transaction: its lines are closed', NEW.entry_id
            USING ERRCODE = '55000', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Post a reversal entry and a new entry instead.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION accounting.journal_lines_check_same_transaction() IS
    'BEFORE INSERT trigger: only the transaction that created the entry may add its lines.';
REVOKE EXECUTE ON FUNCTION accounting.journal_lines_check_same_transaction() FROM PUBLIC;

-- ACCT-BALANCED: checked at commit (deferred constraint triggers on both tables), when all lines
-- of the entry are in: at least two lines, debits = credits (signed sum zero).
CREATE FUNCTION accounting.journal_entries_check_balanced() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    checked_entry uuid;
    line_count    bigint;
    balance       numeric;
BEGIN
    -- Separate branches: PL/pgSQL resolves NEW.entry_id only when it runs (journal_lines).
    IF TG_TABLE_NAME = 'journal_entries' THEN
        checked_entry := NEW.id;
    ELSE
        checked_entry := NEW.entry_id;
    END IF;
    SELECT count(*), coalesce(sum(amount_minor), 0) INTO line_count, balance
    FROM accounting.journal_lines WHERE entry_id = checked_entry;
    IF line_count < 2 OR balance <> 0 THEN
        RAISE EXCEPTION 'journal entry % is not balanced: % line(s), debits - credits = %',
                checked_entry, line_count, balance
            USING ERRCODE = '23514', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION accounting.journal_entries_check_balanced() IS
    'Deferred constraint trigger: at commit an entry has >= 2 lines summing to zero.';
REVOKE EXECUTE ON FUNCTION accounting.journal_entries_check_balanced() FROM PUBLIC;

CREATE TRIGGER journal_entries_stamp_txid_trg BEFORE INSERT ON accounting.journal_entries
    FOR EACH ROW EXECUTE FUNCTION accounting.journal_entries_stamp_txid();
CREATE CONSTRAINT TRIGGER journal_entries_balanced_trg AFTER INSERT ON accounting.journal_entries
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION accounting.journal_entries_check_balanced();
-- ACCT-IMMUTABLE.
CREATE TRIGGER journal_entries_append_only_trg BEFORE UPDATE OR DELETE ON accounting.journal_entries
    FOR EACH ROW EXECUTE FUNCTION shared.reject_mutation();
CREATE TRIGGER journal_entries_no_truncate_trg BEFORE TRUNCATE ON accounting.journal_entries
    FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_mutation();

CREATE TRIGGER journal_lines_same_transaction_trg BEFORE INSERT ON accounting.journal_lines
    FOR EACH ROW EXECUTE FUNCTION accounting.journal_lines_check_same_transaction();
CREATE CONSTRAINT TRIGGER journal_lines_balanced_trg AFTER INSERT ON accounting.journal_lines
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION accounting.journal_entries_check_balanced();
CREATE TRIGGER journal_lines_append_only_trg BEFORE UPDATE OR DELETE ON accounting.journal_lines
    FOR EACH ROW EXECUTE FUNCTION shared.reject_mutation();
CREATE TRIGGER journal_lines_no_truncate_trg BEFORE TRUNCATE ON accounting.journal_lines
    FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_mutation();

-- The application posts through accounting.post_entry() only.
GRANT SELECT ON accounting.journal_entries, accounting.journal_lines TO fleetdb_app, fleetdb_readonly;

COMMIT;
