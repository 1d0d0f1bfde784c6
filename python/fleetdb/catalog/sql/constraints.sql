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
       CASE WHEN con.contype = 'f' THEN CASE con.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
            WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END END AS on_delete,
       CASE WHEN con.contype = 'f' THEN CASE con.confupdtype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
            WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END END AS on_update,
       CASE WHEN con.contype = 'f' THEN CASE con.confmatchtype WHEN 's' THEN 'SIMPLE' WHEN 'f' THEN 'FULL'
            WHEN 'p' THEN 'PARTIAL' END END AS match_type,
       pg_get_expr(con.conbin, con.conrelid) AS expression,
       CASE WHEN con.conindid <> 0 AND con.contype IN ('p', 'u', 'x') THEN
            (SELECT inn.nspname || '.' || ic.relname FROM pg_class AS ic
               JOIN pg_namespace AS inn ON inn.oid = ic.relnamespace WHERE ic.oid = con.conindid) END AS index,
       -- Exclusion constraints: each element (column or expression), its operator, the method and predicate.
       CASE WHEN con.contype = 'x' THEN ARRAY(SELECT pg_get_indexdef(con.conindid, k::int, true)
            FROM generate_series(1, cardinality(con.conexclop)) AS k) END AS elements,
       CASE WHEN con.contype = 'x' THEN ARRAY(SELECT o.oprname::text
            FROM unnest(con.conexclop) WITH ORDINALITY AS x(op, ord) JOIN pg_operator AS o ON o.oid = x.op
            ORDER BY x.ord) END AS operators,
       CASE WHEN con.contype = 'x' THEN (SELECT am.amname FROM pg_class AS ic JOIN pg_am AS am ON am.oid = ic.relam
            WHERE ic.oid = con.conindid) END AS method,
       CASE WHEN con.contype = 'x' THEN (SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index AS i
            WHERE i.indexrelid = con.conindid) END AS predicate,
       obj_description(con.oid, 'pg_constraint') AS comment
FROM pg_constraint AS con
LEFT JOIN pg_class AS c ON c.oid = con.conrelid
LEFT JOIN pg_type AS t ON t.oid = con.contypid
JOIN pg_namespace AS n ON n.oid = con.connamespace
LEFT JOIN pg_class AS fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace AS fn ON fn.oid = fc.relnamespace
WHERE n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  -- PostgreSQL 18 also records NOT NULL as a constraint: nullability is compared on the columns, on
  -- every major alike.
  AND con.contype <> 'n'
  AND NOT EXISTS (SELECT FROM pg_depend AS d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = con.conrelid AND d.deptype = 'e')
