-- The primary key columns of every table of the project, in key order: the online rehearsal finds a
-- row again by its key after the application has written around it.
SELECT n.nspname || '.' || c.relname AS relation,
       array_agg(a.attname::text ORDER BY k.ord) AS key_columns
FROM pg_index AS i
JOIN pg_class AS c ON c.oid = i.indrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE i.indisprimary
  AND n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
GROUP BY 1
