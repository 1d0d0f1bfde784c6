-- Deploy fleetdb:accounting_account_day_totals to pg
-- requires: accounting_entries
-- requires: accounting_amount_bounds
-- requires: outbox_publish_set_based

-- ACCT-DAY-TOTALS: each account's lines summed per currency and posting date
-- (accounting.account_day_totals), written by the posting itself, so a balance as of a day reads at most
-- one row per day instead of every line of the account's history (the account_balance_as_of read path).
-- Journal lines are append-only (journal_lines_append_only_trg, journal_lines_no_truncate_trg), so a
-- total only grows by the lines inserted: one AFTER INSERT statement trigger adds the statement's lines
-- (its transition table), grouped per account, currency and day, with one upsert whose rows are written
-- in key order, so two postings touching the same accounts in different orders take the row locks in one
-- order (no deadlock). The upsert is a real write: two postings to one account on one day serialize on
-- its row (the later one waits and adds to the new total at READ COMMITTED, or fails with 40001 at
-- REPEATABLE READ and SERIALIZABLE). Each total is at most 10^17 in absolute value (a named CHECK: the
-- column cannot overflow, and the error names the rule).
--
-- Online: this change only switches; it backfills nothing, so it holds its lock on journal_lines for a
-- moment, whatever its size. The first posting to an account-day after it starts that day's total from
-- the lines already recorded (account_day_totals_start, an AFTER statement trigger that fires before the
-- adding one), and accounting_account_day_totals_backfill writes the other days later, in batches, checks
-- them against the lines and drops the start trigger. The totals stay exact throughout because:
-- * the switch waits (SHARE ROW EXCLUSIVE on journal_lines, lock_timeout) until no line written without
--   the triggers is uncommitted, so every such line is committed, and summed, when a total starts;
-- * a total starts from the day's lines less the statement's own (which the adding trigger then adds);
-- * a total cannot be started from a snapshot older than this change (40001: at REPEATABLE READ such a
--   snapshot can miss a line committed just before the switch);
-- * two first postings to one account-day, or a first posting and a backfill batch, conflict on
--   account_day_totals_pk.
-- Nothing here rewrites or scans journal_lines.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
-- The switch waits for postings in flight, and postings arriving meanwhile queue behind it: fail fast and
-- deploy again rather than hold them (a transaction left open, for instance).
SET LOCAL lock_timeout = '1s';

CREATE TABLE accounting.account_day_totals (
    account_id   uuid        NOT NULL,
    currency     char(3)     NOT NULL,
    posting_date date        NOT NULL,
    amount_minor bigint      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- No foreign key to accounting.accounts: the row is written by the lines' trigger from lines whose
    -- journal_lines_account_fk already holds, and a key would only cost every posting a probe.
    CONSTRAINT account_day_totals_pk PRIMARY KEY (account_id, currency, posting_date)
        INCLUDE (amount_minor),
    CONSTRAINT account_day_totals_amount_range_ck
        CHECK (amount_minor BETWEEN -100000000000000000 AND 100000000000000000)
);

COMMENT ON TABLE accounting.account_day_totals IS
    'Sum of the journal lines of an account per currency and posting date (ACCT-DAY-TOTALS), kept by journal_lines_day_totals_trg; one row per account-day with lines.';
COMMENT ON COLUMN accounting.account_day_totals.account_id IS 'The account (accounting.accounts.id).';
COMMENT ON COLUMN accounting.account_day_totals.currency IS 'The lines'' (and the account''s) currency.';
COMMENT ON COLUMN accounting.account_day_totals.posting_date IS 'The lines'' posting date.';
COMMENT ON COLUMN accounting.account_day_totals.amount_minor IS 'Signed sum of the account''s lines of the day in minor units; at most 10^17 either way.';
COMMENT ON COLUMN accounting.account_day_totals.created_at IS 'When the day''s first line was posted (or its total was backfilled).';

-- Read as the journal is: the application and the read-only role may read it, only the trigger writes it.
GRANT SELECT ON accounting.account_day_totals TO fleetdb_app, fleetdb_readonly;

CREATE FUNCTION accounting.journal_lines_add_to_day_totals() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- In key order: concurrent postings lock the rows they share in one order.
    INSERT INTO accounting.account_day_totals AS t (account_id, currency, posting_date, amount_minor)
    SELECT n.account_id, n.currency, n.posting_date, sum(n.amount_minor)
    FROM new_lines AS n
    GROUP BY n.account_id, n.currency, n.posting_date
    ORDER BY n.account_id, n.currency, n.posting_date
    ON CONFLICT ON CONSTRAINT account_day_totals_pk DO UPDATE SET amount_minor = t.amount_minor + excluded.amount_minor;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION accounting.journal_lines_add_to_day_totals() IS
    'AFTER INSERT FOR EACH STATEMENT trigger (new rows as new_lines): adds the statement''s lines to their account-day totals (account_day_totals), in key order.';
REVOKE EXECUTE ON FUNCTION accounting.journal_lines_add_to_day_totals() FROM PUBLIC;

-- Until accounting_account_day_totals_backfill: an account-day without a total gets one, from its lines
-- before the statement, before the adding trigger adds the statement's lines. pg_class is read with the
-- transaction's snapshot: one that cannot see the totals table was taken before the switch (and maybe
-- before a line written without the triggers committed).
CREATE FUNCTION accounting.account_day_totals_start() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_class WHERE oid = 'accounting.account_day_totals'::regclass) THEN
        RAISE EXCEPTION 'an account''s day totals cannot start from a snapshot taken before accounting_account_day_totals was deployed'
            USING ERRCODE = '40001', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Retry the transaction.';
    END IF;
    -- A concurrent first posting to the same account-day, or a backfill batch, conflicts on
    -- account_day_totals_pk (waits, or 40001 when it committed unseen). The lines summed include the
    -- statement's own (an AFTER trigger sees them): those are taken away again.
    INSERT INTO accounting.account_day_totals (account_id, currency, posting_date, amount_minor)
    SELECT k.account_id, k.currency, k.posting_date,
           (SELECT coalesce(sum(l.amount_minor), 0) FROM accounting.journal_lines AS l
            WHERE l.account_id = k.account_id AND l.currency = k.currency AND l.posting_date = k.posting_date)
           - k.amount_minor
    FROM (SELECT n.account_id, n.currency, n.posting_date, sum(n.amount_minor) AS amount_minor
          FROM new_lines AS n GROUP BY n.account_id, n.currency, n.posting_date) AS k
    WHERE NOT EXISTS (SELECT FROM accounting.account_day_totals AS t
                      WHERE t.account_id = k.account_id AND t.currency = k.currency
                        AND t.posting_date = k.posting_date)
    ORDER BY k.account_id, k.currency, k.posting_date
    ON CONFLICT ON CONSTRAINT account_day_totals_pk DO NOTHING;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION accounting.account_day_totals_start() IS
    'AFTER INSERT FOR EACH STATEMENT trigger of journal_lines until accounting_account_day_totals_backfill: starts an account-day''s total from its lines before the statement; 40001 when the transaction''s snapshot predates the totals.';
REVOKE EXECUTE ON FUNCTION accounting.account_day_totals_start() FROM PUBLIC;

-- The switch: from here to COMMIT (a moment) no line is written; every line after it keeps the totals.
LOCK TABLE accounting.journal_lines IN SHARE ROW EXCLUSIVE MODE;

-- AFTER triggers of one event fire in name order: the start (…_start_trg) before the adding one.
CREATE TRIGGER journal_lines_day_totals_start_trg AFTER INSERT ON accounting.journal_lines
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION accounting.account_day_totals_start();
CREATE TRIGGER journal_lines_day_totals_trg AFTER INSERT ON accounting.journal_lines
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION accounting.journal_lines_add_to_day_totals();

COMMIT;
