SELECT id, entry_id, account_id, currency, amount_minor, memo
FROM accounting.journal_lines
WHERE entry_id = ANY(%(entry_ids)s::uuid[])
ORDER BY entry_id, id
