-- Columns of every relation, with their position among the live columns (dropped ones leave gaps in attnum).
SELECT n.nspname || '.' || c.relname || '.' || a.attname AS key,
       n.nspname || '.' || c.relname AS relation,
       row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum) AS position,
       format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null,
       pg_get_expr(ad.adbin, ad.adrelid) AS default,
       NULLIF(a.attidentity, '') AS identity,
       NULLIF(a.attgenerated, '') AS generated,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation,
       col_description(c.oid, a.attnum) AS comment,
       (SELECT array_agg(x::text ORDER BY x::text) FROM unnest(a.attacl) AS x) AS acl
FROM pg_attribute AS a
JOIN pg_class AS c ON c.oid = a.attrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_type AS t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef AS ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation AS co ON co.oid = a.attcollation
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
  AND n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend AS d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  AND NOT (c.relkind = 'c' AND EXISTS (SELECT FROM pg_depend AS d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = c.reltype AND d.deptype = 'e'))
