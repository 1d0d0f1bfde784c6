SELECT created_txid = pg_current_xact_id()
FROM accounting.journal_entries
WHERE id = %(entry_id)s
