-- Revert warehouse:roles
\set owner_name `cat secrets/owner_name`
\set reader_name `cat secrets/reader_name`
BEGIN;
DROP ROLE :"reader_name";
DROP ROLE :"owner_name";
COMMIT;
