-- Backends of this database that wait for a lock the given session holds (the server says so through
-- pg_blocking_pids; no guessing from time).
SELECT a.pid, a.application_name, left(a.query, 200) AS query
FROM pg_stat_activity AS a
WHERE a.datname = current_database()
  AND %(holder)s = ANY (pg_blocking_pids(a.pid))
