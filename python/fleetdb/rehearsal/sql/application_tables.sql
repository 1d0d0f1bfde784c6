-- The tables the application's roles may use at all (any table or column privilege, through
-- membership too): a lock on any other table (a deploy helper's bookkeeping) cannot make the
-- application wait. Roles that do not exist yet are skipped.
SELECT n.nspname || '.' || c.relname AS relation
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
CROSS JOIN unnest(%(roles)s::text[]) AS r(name)
WHERE c.relkind IN ('r', 'p')
  AND n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'sqitch')
  AND to_regrole(r.name) IS NOT NULL
  AND (has_table_privilege(r.name, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
       OR has_any_column_privilege(r.name, c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
GROUP BY 1
