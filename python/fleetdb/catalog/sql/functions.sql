-- Functions and procedures with signature, body, settings, security and privileges; extension members
-- (btree_gist's support functions) are left out.
SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS key,
       n.nspname AS schema,
       p.proname AS name,
       CASE p.prokind WHEN 'f' THEN 'function' WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                      WHEN 'w' THEN 'window' END AS kind,
       pg_get_function_arguments(p.oid) AS arguments,
       oidvectortypes(p.proargtypes) AS argument_types,
       pg_get_function_result(p.oid) AS returns,
       l.lanname AS language,
       CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' WHEN 'v' THEN 'volatile' END
           AS volatility,
       p.proisstrict AS strict,
       p.prosecdef AS security_definer,
       p.proleakproof AS leakproof,
       p.proparallel AS parallel,
       (SELECT array_agg(x ORDER BY x) FROM unnest(p.proconfig) AS x) AS config,
       p.prosrc AS body,
       -- The CREATE OR REPLACE statement as PostgreSQL would write it (the mutation generator parses it).
       CASE WHEN p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid) END AS definition,
       pg_get_userbyid(p.proowner) AS owner,
       -- A NULL ACL means the built-in default: spelled out, so GRANT then REVOKE compares equal to never granting.
       (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(COALESCE(p.proacl, acldefault('f', p.proowner))) AS a) AS acl,
       obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc AS p
JOIN pg_namespace AS n ON n.oid = p.pronamespace
JOIN pg_language AS l ON l.oid = p.prolang
WHERE n.nspname <> ALL (%(excluded)s)
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend AS d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
