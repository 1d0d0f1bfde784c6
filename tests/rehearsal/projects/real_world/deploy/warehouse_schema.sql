-- Deploy warehouse:warehouse_schema
-- requires: roles
\set owner_name `cat secrets/owner_name`
\set reader_name `cat secrets/reader_name`
BEGIN;
CREATE SCHEMA :"schema" AUTHORIZATION :"owner_name";
GRANT USAGE ON SCHEMA :"schema" TO :"reader_name";
COMMIT;
