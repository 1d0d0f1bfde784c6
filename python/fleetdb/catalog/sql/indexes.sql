-- Indexes with their definitions, method, key columns or expressions, predicate and validity.
SELECT n.nspname || '.' || ic.relname AS key,
       n.nspname || '.' || tc.relname AS "table",
       pg_get_indexdef(i.indexrelid) AS definition,
       am.amname AS method,
       i.indisunique AS is_unique,
       i.indisprimary AS is_primary,
       i.indisexclusion AS is_exclusion,
       i.indisvalid AS is_valid,
       i.indisready AS is_ready,
       i.indnkeyatts AS key_count,
       ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnatts) AS k) AS columns,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       (SELECT con.conname FROM pg_constraint AS con WHERE con.conindid = i.indexrelid
          AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) AS constraint_name,
       obj_description(i.indexrelid, 'pg_class') AS comment
FROM pg_index AS i
JOIN pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_class AS tc ON tc.oid = i.indrelid
JOIN pg_namespace AS n ON n.oid = ic.relnamespace
JOIN pg_am AS am ON am.oid = ic.relam
WHERE n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend AS d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = tc.oid AND d.deptype = 'e')
