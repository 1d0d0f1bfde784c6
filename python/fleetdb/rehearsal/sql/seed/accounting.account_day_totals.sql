-- An account's day totals are written by the posting's trigger (accounting_account_day_totals), never by
-- hand: totals that differ from the lines are data accounting_account_day_totals_backfill rightly
-- refuses to deploy onto. So the table gets rows the way the application gives it rows: one balanced
-- entry per currency of the first three accounts' currencies, on a day the journal entries' own filler
-- also posts to (so a total may start from lines already there). Before any account exists this inserts
-- nothing, and the entries the filler writes later start the totals instead.
WITH accounts AS (
    SELECT currency, min(id::text)::uuid AS account_id
    FROM accounting.accounts
    GROUP BY currency
    ORDER BY currency
    LIMIT 3
), entries AS (
    INSERT INTO accounting.journal_entries (posting_date, source, external_reference, currency, description)
    SELECT DATE '2026-01-06', 'accounting', 'rehearsal-day-totals-' || a.currency, a.currency,
           'Rehearsal seed entry for the day totals'
    FROM accounts AS a
    RETURNING id, currency, posting_date
)
INSERT INTO accounting.journal_lines (entry_id, account_id, currency, posting_date, amount_minor, memo)
SELECT e.id, a.account_id, e.currency, e.posting_date, side * 700, 'rehearsal seed line'
FROM entries AS e
JOIN accounts AS a USING (currency)
CROSS JOIN (VALUES (1), (-1)) AS sides(side)
