-- The tables of the seeded schemas, for VACUUM ANALYZE after the load.
SELECT n.nspname, c.relname
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname = ANY(%(schemas)s)
ORDER BY 1, 2
