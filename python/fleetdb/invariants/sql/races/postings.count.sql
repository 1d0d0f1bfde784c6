SELECT count(*) FROM accounting.journal_entries WHERE external_reference LIKE 'race-%%'
