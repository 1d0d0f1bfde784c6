SELECT id
FROM accounting.journal_entries
WHERE reverses_entry_id = %(entry_id)s
