-- Rows per table as the planner sees them (pg_class.reltuples after ANALYZE), for the seq-scan rule.
SELECT n.nspname || '.' || c.relname AS "table", c.reltuples AS rows
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm')
