-- Every index with its table (EXPLAIN prints index names unqualified; the same name can exist in
-- several schemas, e.g. outbox_events_unpublished_idx).
SELECT ic.relname AS index_name, n.nspname || '.' || tc.relname AS "table"
FROM pg_index AS i
JOIN pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_class AS tc ON tc.oid = i.indrelid
JOIN pg_namespace AS n ON n.oid = tc.relnamespace
