-- Each table with its storage file and the rows updated or deleted in it so far (the statistics
-- counters; a session flushes its own at the latest when it ends, as each sqitch psql does). A table
-- whose two values are what they were cannot have lost or changed a row meanwhile: rows change only by
-- UPDATE, DELETE or a rewrite (ALTER TYPE, TRUNCATE, VACUUM FULL: a new relfilenode).
SELECT s.schemaname || '.' || s.relname AS relation,
       c.relfilenode::bigint AS filenode,
       s.n_tup_upd + s.n_tup_del AS written
FROM pg_stat_user_tables AS s
JOIN pg_class AS c ON c.oid = s.relid
WHERE s.schemaname <> 'sqitch'
