-- Verify warehouse:roles
\set owner_name `cat secrets/owner_name`
\set reader_name `cat secrets/reader_name`
BEGIN;
SELECT 1 / count(*) FROM pg_roles WHERE rolname = :'owner_name' AND rolcanlogin;
SELECT 1 / count(*) FROM pg_auth_members
WHERE roleid = :'reader_name'::regrole AND member = 'warehouse_monitor'::regrole;
ROLLBACK;
