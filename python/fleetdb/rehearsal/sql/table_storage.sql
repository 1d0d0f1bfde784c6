-- Tables and materialized views of the project with their oid and storage file: a rewrite (ALTER TYPE,
-- a volatile DEFAULT, VACUUM FULL, TRUNCATE) gives the same oid a new relfilenode.
SELECT c.oid::bigint AS oid,
       n.nspname || '.' || c.relname AS relation,
       c.relkind::text AS relkind,
       c.relfilenode::bigint AS filenode
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
