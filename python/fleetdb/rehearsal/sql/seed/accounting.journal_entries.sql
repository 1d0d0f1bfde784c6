-- Journal entries cannot be filled row by row: an entry must be balanced by at least two lines written
-- in the same transaction (deferred constraint triggers, ACCT-BALANCED, ACCT-NO-LATE-LINES). Two
-- entries per currency of the first three accounts' currencies, each with a debit and a credit line.
WITH accounts AS (
    SELECT currency, min(id::text)::uuid AS account_id
    FROM accounting.accounts
    GROUP BY currency
    ORDER BY currency
    LIMIT 3
), entries AS (
    INSERT INTO accounting.journal_entries (posting_date, source, external_reference, currency, description)
    SELECT DATE '2026-01-05' + n, 'accounting', 'rehearsal-' || a.currency || '-' || n, a.currency,
           'Rehearsal seed entry ' || n
    FROM accounts AS a, generate_series(1, 2) AS n
    RETURNING id, currency, posting_date
)
INSERT INTO accounting.journal_lines (entry_id, account_id, currency, posting_date, amount_minor, memo)
SELECT e.id, a.account_id, e.currency, e.posting_date, side * 1250, 'rehearsal seed line'
FROM entries AS e
JOIN accounts AS a USING (currency)
CROSS JOIN (VALUES (1), (-1)) AS sides(side)
