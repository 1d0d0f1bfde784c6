-- The same rows as post_entry.sql, written with plain inserts (the physical floor).
WITH entry AS (
    INSERT INTO accounting.journal_entries (posting_date, source, external_reference, currency, description)
    VALUES (date '2030-01-01', 'rental', %(reference)s, 'EUR', 'bench posting')
    RETURNING id
)
INSERT INTO accounting.journal_lines (entry_id, account_id, currency, posting_date, amount_minor, memo)
SELECT entry.id, a.id, 'EUR', date '2030-01-01', CASE a.code WHEN '1000' THEN 1000 ELSE -1000 END, ''
FROM entry, accounting.accounts AS a
WHERE a.code IN ('1000', '4000')
