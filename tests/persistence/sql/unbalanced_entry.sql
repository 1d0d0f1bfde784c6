-- Written behind post_entry's back (as the owner) to leave the deferred balance check for COMMIT.
WITH entry AS (
    INSERT INTO accounting.journal_entries (posting_date, source, external_reference, currency, description)
    VALUES ('2030-06-01', 'accounting', %(reference)s, 'EUR', 'one-legged')
    RETURNING id, currency, posting_date
)
INSERT INTO accounting.journal_lines (entry_id, account_id, currency, posting_date, amount_minor)
SELECT entry.id, %(account_id)s, entry.currency, entry.posting_date, 100
FROM entry
