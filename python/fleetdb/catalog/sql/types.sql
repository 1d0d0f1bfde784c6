-- Enums (labels in order), domains, composite and range types. Array types, table row types and the
-- multiranges PostgreSQL derives from ranges are left out.
SELECT n.nspname || '.' || t.typname AS key,
       CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'c' THEN 'composite'
                      WHEN 'r' THEN 'range' END AS typtype,
       CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_enum AS e
                                            WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS labels,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
       t.typnotnull AS not_null,
       t.typdefault AS default,
       pg_get_userbyid(t.typowner) AS owner,
       -- A NULL ACL means the built-in default: spelled out, so GRANT then REVOKE compares equal to never granting.
       (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(COALESCE(t.typacl, acldefault('T', t.typowner))) AS a) AS acl,
       obj_description(t.oid, 'pg_type') AS comment
FROM pg_type AS t
JOIN pg_namespace AS n ON n.oid = t.typnamespace
WHERE t.typtype IN ('e', 'd', 'c', 'r')
  AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_class AS c WHERE c.oid = t.typrelid) = 'c')
  AND n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend AS d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
