-- The table locks this session holds now, read by a workload operation just before it commits: every
-- table the operation touched and the mode it took (its triggers' and foreign-key checks' included).
SELECT n.nspname || '.' || c.relname AS relation, l.mode
FROM pg_locks AS l
JOIN pg_class AS c ON c.oid = l.relation
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE l.pid = pg_backend_pid()
  AND l.locktype = 'relation'
  AND l.granted
  AND c.relkind IN ('r', 'p')
  AND n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'sqitch')
