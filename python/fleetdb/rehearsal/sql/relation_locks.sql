-- Table locks granted in this database, per session: the workload's show which modes the application
-- takes on which tables, everyone else's what a deploy holds, with what that session runs. The sampler
-- itself, the sqitch registry and the server's own workers (autovacuum) are left out.
SELECT l.pid,
       a.application_name IS NOT DISTINCT FROM %(application)s AS workload,
       coalesce(a.application_name, '') AS application,
       n.nspname || '.' || c.relname AS relation,
       l.mode,
       coalesce(a.query, '') AS statement
FROM pg_locks AS l
JOIN pg_stat_activity AS a ON a.pid = l.pid
JOIN pg_class AS c ON c.oid = l.relation
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE l.locktype = 'relation'
  AND l.granted
  AND l.database = (SELECT d.oid FROM pg_database AS d WHERE d.datname = current_database())
  AND c.relkind IN ('r', 'p')
  AND n.nspname !~ '^pg_' AND n.nspname NOT IN ('information_schema', 'sqitch')
  AND a.application_name IS DISTINCT FROM %(sampler)s
  AND a.backend_type = 'client backend'
