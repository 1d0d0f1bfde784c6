-- Table and domain constraints with their full definitions (pg_get_constraintdef spells out FK actions,
-- MATCH type, exclusion operators, index method and WHERE predicate).
SELECT n.nspname || '.' || COALESCE(c.relname, t.typname) || '.' || con.conname AS key,
       n.nspname || '.' || COALESCE(c.relname, t.typname) AS "table",
       con.conname AS name,
       CASE con.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key'
                        WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' WHEN 't' THEN 'trigger' END AS type,
       pg_get_constraintdef(con.oid) AS definition,
       con.condeferrable AS deferrable,
       con.condeferred AS initially_deferred,
       con.convalidated AS validated,
       (SELECT array_agg(att.attname ORDER BY k.ord)
          FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute AS att ON att.attrelid = con.conrelid AND att.attnum = k.attnum) AS columns,
       CASE WHEN con.contype = 'f' THEN fn.nspname || '.' || fc.relname END AS references,
       (SELECT array_agg(att.attname ORDER BY k.ord)
          FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute AS att ON att.attrelid = con.confrelid AND att.attnum = k.attnum) AS ref_columns,
       obj_description(con.oid, 'pg_constraint') AS comment
FROM pg_constraint AS con
LEFT JOIN pg_class AS c ON c.oid = con.conrelid
LEFT JOIN pg_type AS t ON t.oid = con.contypid
JOIN pg_namespace AS n ON n.oid = con.connamespace
LEFT JOIN pg_class AS fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace AS fn ON fn.oid = fc.relnamespace
WHERE n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend AS d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = con.conrelid AND d.deptype = 'e')
