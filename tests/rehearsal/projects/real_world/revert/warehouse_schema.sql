-- Revert warehouse:warehouse_schema
BEGIN;
DROP SCHEMA :"schema";
COMMIT;
