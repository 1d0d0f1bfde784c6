-- Deploy fleetdb:accounting_account_day_totals_backfill to pg
-- requires: accounting_account_day_totals
-- requires: shared_check_rollout

-- The day totals of the accounts whose lines were posted before accounting_account_day_totals (and that
-- no posting since has started), written in batches of accounts without locking journal_lines; then the
-- check that every account-day's total equals its lines, and only then the end of the start trigger. Not
-- transactional: each batch commits on its own, and running the deploy again picks up where it stopped
-- (totals that exist are left alone).
--
-- Why a batch cannot count wrong: it sums each account-day's lines with a fresh snapshot, and every line
-- posted without the triggers committed before the switch (accounting_account_day_totals waited for
-- them). A posting after the switch started its account-day's total itself, so the batch's insert of that
-- day conflicts on account_day_totals_pk and does nothing (or waits for the posting, then does nothing); a
-- posting after the batch adds itself to the batch's total.

SET ROLE fleetdb_owner;

-- Lines are at most 10^12 each, but v1.0 bounded no day: such account-days are named here, since their
-- totals would break account_day_totals_amount_range_ck.
CALL shared.refuse_rows(
    'account-day(s) whose lines sum to more than 10^17 minor units either way',
    $$SELECT 'account_day_totals_amount_range_ck',
             format('account %s, %s, %s: lines sum to %s', account_id, currency, posting_date, amount)
      FROM (SELECT account_id, currency, posting_date, sum(amount_minor) AS amount
            FROM accounting.journal_lines GROUP BY account_id, currency, posting_date) AS d
      WHERE abs(amount) > 1e17 ORDER BY account_id, currency, posting_date$$,
    'Split these postings over other days or accounts (docs/db/runbook.md, "Rows that break a new rule"), then deploy again.');

-- 200 accounts a batch (about 20,000 lines at scale 1000): a first posting to a day of an account in the
-- batch waits for the batch's COMMIT (milliseconds).
DO $$
DECLARE
    after uuid := '00000000-0000-0000-0000-000000000000';
    upto  uuid;
BEGIN
    LOOP
        SELECT b.id INTO upto
        FROM (SELECT id FROM accounting.accounts WHERE id > after ORDER BY id LIMIT 200) AS b
        ORDER BY b.id DESC LIMIT 1;
        EXIT WHEN upto IS NULL;
        INSERT INTO accounting.account_day_totals (account_id, currency, posting_date, amount_minor)
        SELECT l.account_id, l.currency, l.posting_date, sum(l.amount_minor)
        FROM accounting.journal_lines AS l
        WHERE l.account_id > after AND l.account_id <= upto
        GROUP BY l.account_id, l.currency, l.posting_date
        ORDER BY l.account_id, l.currency, l.posting_date
        ON CONFLICT ON CONSTRAINT account_day_totals_pk DO NOTHING;
        COMMIT;
        after := upto;
    END LOOP;
END
$$;

-- The VALIDATE step: one statement, so a line and its total are seen together or not at all.
CALL shared.refuse_rows(
    'account-day(s) whose total is missing or differs from their lines',
    $$SELECT 'account_day_totals_pk',
             format('account %s, %s, %s: lines %s, total %s',
                    coalesce(s.account_id, t.account_id), coalesce(s.currency, t.currency),
                    coalesce(s.posting_date, t.posting_date), coalesce(s.amount, 0),
                    coalesce(t.amount_minor::text, 'missing'))
      FROM (SELECT account_id, currency, posting_date, sum(amount_minor) AS amount
            FROM accounting.journal_lines GROUP BY account_id, currency, posting_date) AS s
      FULL JOIN accounting.account_day_totals AS t
        ON (t.account_id, t.currency, t.posting_date) = (s.account_id, s.currency, s.posting_date)
      WHERE t.amount_minor IS DISTINCT FROM s.amount
      ORDER BY 2$$,
    'Delete these rows of accounting.account_day_totals as the owner, then deploy again: the backfill writes them anew.');

-- Every account-day with lines has its total: a transaction whose snapshot predates it now finds it
-- committed unseen (40001 from account_day_totals_pk), so the start trigger has done its work.
BEGIN;
SET LOCAL lock_timeout = '1s';
SET LOCAL client_min_messages = warning;  -- a rerun finds them gone
DROP TRIGGER IF EXISTS journal_lines_day_totals_start_trg ON accounting.journal_lines;
DROP FUNCTION IF EXISTS accounting.account_day_totals_start();
COMMIT;

RESET ROLE;
