-- What a database holds besides PostgreSQL's own objects: schemas other than an empty public, with the
-- number of relations (indexes aside), functions and types in each. A rehearsal target must show none to be called empty.
SELECT n.nspname AS schema,
       (SELECT count(*) FROM pg_class AS c WHERE c.relnamespace = n.oid AND c.relkind <> 'i') AS relations,
       (SELECT count(*) FROM pg_proc AS p WHERE p.pronamespace = n.oid) AS functions,
       (SELECT count(*) FROM pg_type AS t WHERE t.typnamespace = n.oid AND t.typrelid = 0
                                            AND t.typelem = 0) AS types
FROM pg_namespace AS n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT (n.nspname = 'public'
           AND NOT EXISTS (SELECT FROM pg_class AS c WHERE c.relnamespace = n.oid)
           AND NOT EXISTS (SELECT FROM pg_proc AS p WHERE p.pronamespace = n.oid)
           AND NOT EXISTS (SELECT FROM pg_type AS t WHERE t.typnamespace = n.oid))
ORDER BY n.nspname
