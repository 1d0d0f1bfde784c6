-- Schemas outside the system and the excluded ones (the sqitch registry by default).
SELECT n.nspname AS key,
       pg_get_userbyid(n.nspowner) AS owner,
       -- A NULL ACL means the built-in default: spelled out, so GRANT then REVOKE compares equal to never granting.
       (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(COALESCE(n.nspacl, acldefault('n', n.nspowner))) AS a) AS acl,
       obj_description(n.oid, 'pg_namespace') AS comment
FROM pg_namespace AS n
WHERE n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend AS d
                  WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
