-- Deploy warehouse:roles
-- The login names and passwords come from files, as the production image mounts them.
\set owner_name `cat secrets/owner_name`
\set owner_password `cat secrets/owner_password`
\set reader_name `cat secrets/reader_name`
\set reader_password `cat secrets/reader_password`
BEGIN;
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'owner_name', :'owner_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner_name') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'reader_name', :'reader_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'reader_name') \gexec
GRANT :"reader_name" TO warehouse_monitor;
COMMIT;
