-- User triggers (not the internal ones behind foreign keys) with their full definition.
SELECT n.nspname || '.' || c.relname || '.' || tg.tgname AS key,
       n.nspname || '.' || c.relname AS "table",
       tg.tgname AS name,
       pg_get_triggerdef(tg.oid) AS definition,
       pn.nspname || '.' || p.proname AS function,
       tg.tgenabled AS enabled,
       CASE WHEN tg.tgtype::int & 2 <> 0 THEN 'BEFORE' WHEN tg.tgtype::int & 64 <> 0 THEN 'INSTEAD OF'
            ELSE 'AFTER' END AS timing,
       ARRAY(SELECT e.name FROM (VALUES (4, 'INSERT', 1), (16, 'UPDATE', 2), (8, 'DELETE', 3),
                                        (32, 'TRUNCATE', 4)) AS e(bit, name, ord)
             WHERE tg.tgtype::int & e.bit <> 0 ORDER BY e.ord) AS events,
       CASE WHEN tg.tgtype::int & 1 <> 0 THEN 'ROW' ELSE 'STATEMENT' END AS level,
       tg.tgconstraint <> 0 AS is_constraint,
       tg.tgdeferrable AS deferrable,
       tg.tginitdeferred AS initially_deferred,
       obj_description(tg.oid, 'pg_trigger') AS comment
FROM pg_trigger AS tg
JOIN pg_class AS c ON c.oid = tg.tgrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_proc AS p ON p.oid = tg.tgfoid
JOIN pg_namespace AS pn ON pn.oid = p.pronamespace
WHERE NOT tg.tgisinternal
  AND n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
