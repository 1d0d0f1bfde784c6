-- Tables, partitioned tables, views, materialized views and foreign tables (sequences and indexes have
-- their own queries).
SELECT n.nspname || '.' || c.relname AS key,
       CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
                      WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' END AS relkind,
       pg_get_userbyid(c.relowner) AS owner,
       -- A NULL ACL means the built-in default: spelled out, so GRANT then REVOKE compares equal to never granting.
       (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(COALESCE(c.relacl, acldefault('r', c.relowner))) AS a) AS acl,
       obj_description(c.oid, 'pg_class') AS comment,
       c.relpersistence AS persistence,
       c.relrowsecurity AS rls_enabled,
       c.relforcerowsecurity AS rls_forced,
       c.reloptions::text[] AS options,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS view_definition,
       pg_get_expr(c.relpartbound, c.oid) AS partition_bound,
       (SELECT array_agg(pn.nspname || '.' || pc.relname ORDER BY pc.relname)
          FROM pg_inherits AS i JOIN pg_class AS pc ON pc.oid = i.inhparent
          JOIN pg_namespace AS pn ON pn.oid = pc.relnamespace
         WHERE i.inhrelid = c.oid) AS inherits
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend AS d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
