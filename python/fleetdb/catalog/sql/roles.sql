-- Cluster roles other than PostgreSQL's predefined pg_* roles, with attributes and memberships.
SELECT r.rolname AS key,
       r.rolsuper AS superuser,
       r.rolinherit AS inherit,
       r.rolcreaterole AS createrole,
       r.rolcreatedb AS createdb,
       r.rolcanlogin AS login,
       r.rolreplication AS replication,
       r.rolbypassrls AS bypassrls,
       r.rolconnlimit AS connection_limit,
       ARRAY(SELECT g.rolname::text FROM pg_auth_members AS m JOIN pg_roles AS g ON g.oid = m.roleid
             WHERE m.member = r.oid ORDER BY g.rolname) AS member_of,
       shobj_description(r.oid, 'pg_authid') AS comment
FROM pg_roles AS r
WHERE r.rolname !~ '^pg_'
