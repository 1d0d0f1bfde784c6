-- Each table of the project with its estimated row count and the rows updated or deleted so far (the
-- statistics counters, flushed by each session at the end of its transactions): a step whose count
-- jumps rewrote rows in place (a backfill).
SELECT s.schemaname || '.' || s.relname AS relation,
       greatest(c.reltuples, 0) AS rows,
       s.n_tup_upd + s.n_tup_del AS updated
FROM pg_stat_user_tables AS s
JOIN pg_class AS c ON c.oid = s.relid
WHERE s.schemaname <> 'sqitch'
