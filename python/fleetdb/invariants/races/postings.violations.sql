-- Entries posted twice for one reference, and entries that are not balanced with two lines or more.
SELECT 'duplicate' AS problem, source || '/' || external_reference AS what
FROM accounting.journal_entries GROUP BY source, external_reference HAVING count(*) > 1
UNION ALL
SELECT 'unbalanced', e.id::text
FROM accounting.journal_entries AS e
LEFT JOIN accounting.journal_lines AS l ON l.entry_id = e.id
GROUP BY e.id HAVING count(l.id) < 2 OR coalesce(sum(l.amount_minor), 0) <> 0
