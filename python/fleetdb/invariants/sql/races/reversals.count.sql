SELECT count(*) FROM accounting.journal_entries WHERE reverses_entry_id IS NOT NULL
