SELECT id, posting_date, source, external_reference, currency, description, reverses_entry_id, created_at
FROM accounting.journal_entries
WHERE id = ANY(%(entry_ids)s::uuid[])
ORDER BY id
