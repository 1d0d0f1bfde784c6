-- The cluster's databases (a plan can create one, e.g. with \gexec), template0 aside. The ACL is spelled
-- out when default, so a GRANT that a revert REVOKEs again compares equal.
SELECT d.datname AS key,
       pg_get_userbyid(d.datdba) AS owner,
       pg_encoding_to_char(d.encoding) AS encoding,
       d.datcollate AS collate,
       d.datctype AS ctype,
       d.datistemplate AS is_template,
       d.datallowconn AS allow_connections,
       d.datconnlimit AS connection_limit,
       t.spcname AS tablespace,
       ARRAY(SELECT a::text FROM unnest(coalesce(d.datacl, acldefault('d', d.datdba))) AS a ORDER BY 1) AS acl,
       shobj_description(d.oid, 'pg_database') AS comment
FROM pg_database AS d
JOIN pg_tablespace AS t ON t.oid = d.dattablespace
WHERE d.datname <> 'template0'
