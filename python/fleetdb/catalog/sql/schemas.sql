-- Schemas outside the system and the excluded ones (the sqitch registry by default).
SELECT n.nspname AS key,
       pg_get_userbyid(n.nspowner) AS owner,
       (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(n.nspacl) AS a) AS acl,
       obj_description(n.oid, 'pg_namespace') AS comment
FROM pg_namespace AS n
WHERE n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend AS d
                  WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
