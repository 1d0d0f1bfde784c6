-- Entries reversed more than once.
SELECT reverses_entry_id, count(*) FROM accounting.journal_entries
WHERE reverses_entry_id IS NOT NULL GROUP BY reverses_entry_id HAVING count(*) > 1
