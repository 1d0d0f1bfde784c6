-- ALTER DEFAULT PRIVILEGES entries: for which role, in which schema, on which kind of object.
SELECT pg_get_userbyid(d.defaclrole) || ' in ' || COALESCE(n.nspname, '*') || ' on '
       || CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                               WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' END AS key,
       (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(d.defaclacl) AS a) AS acl
FROM pg_default_acl AS d
LEFT JOIN pg_namespace AS n ON n.oid = d.defaclnamespace
WHERE n.nspname IS NULL OR n.nspname <> ALL (%(excluded)s)
