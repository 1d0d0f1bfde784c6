-- Sequences with their options and the column that owns them.
SELECT n.nspname || '.' || c.relname AS key,
       format_type(s.seqtypid, NULL) AS type,
       s.seqstart AS start, s.seqincrement AS increment, s.seqmin AS min, s.seqmax AS max,
       s.seqcache AS cache, s.seqcycle AS cycle,
       (SELECT dn.nspname || '.' || dc.relname || '.' || da.attname
          FROM pg_depend AS d
          JOIN pg_class AS dc ON dc.oid = d.refobjid
          JOIN pg_namespace AS dn ON dn.oid = dc.relnamespace
          JOIN pg_attribute AS da ON da.attrelid = d.refobjid AND da.attnum = d.refobjsubid
         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')
           AND d.refclassid = 'pg_class'::regclass) AS owned_by,
       pg_get_userbyid(c.relowner) AS owner,
       -- A NULL ACL means the built-in default: spelled out, so GRANT then REVOKE compares equal to never granting.
       (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(COALESCE(c.relacl, acldefault('s', c.relowner))) AS a) AS acl,
       obj_description(c.oid, 'pg_class') AS comment
FROM pg_sequence AS s
JOIN pg_class AS c ON c.oid = s.seqrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend AS d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
