-- Verify warehouse:warehouse_schema
\set reader_name `cat secrets/reader_name`
BEGIN;
SELECT 1 / has_schema_privilege(:'reader_name', :'schema', 'USAGE')::int;
ROLLBACK;
