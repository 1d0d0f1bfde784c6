-- Relation locks granted to the psql sessions in this database (sqitch runs every script through psql),
-- for sampling the locks of a deploy script that cannot run inside one rolled-back transaction.
SELECT l.relation::bigint AS oid, l.mode
FROM pg_locks AS l
JOIN pg_stat_activity AS a ON a.pid = l.pid
WHERE a.datname = current_database()
  AND a.application_name = 'psql'
  AND l.locktype = 'relation'
  AND l.granted
