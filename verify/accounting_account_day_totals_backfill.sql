-- Verify fleetdb:accounting_account_day_totals_backfill on pg

BEGIN;

DO $$
BEGIN
    IF to_regprocedure('accounting.account_day_totals_start()') IS NOT NULL
       OR EXISTS (SELECT FROM pg_trigger WHERE tgname = 'journal_lines_day_totals_start_trg') THEN
        RAISE EXCEPTION 'accounting.account_day_totals still has its start trigger: the backfill has not finished';
    END IF;
    -- What the backfill claims: every account-day's total is the sum of its lines.
    IF EXISTS (
        SELECT FROM (SELECT account_id, currency, posting_date, sum(amount_minor) AS amount
                     FROM accounting.journal_lines GROUP BY account_id, currency, posting_date) AS s
        FULL JOIN accounting.account_day_totals AS t
          ON (t.account_id, t.currency, t.posting_date) = (s.account_id, s.currency, s.posting_date)
        WHERE t.amount_minor IS DISTINCT FROM s.amount) THEN
        RAISE EXCEPTION 'accounting.account_day_totals differs from the journal lines';
    END IF;
END
$$;

ROLLBACK;
