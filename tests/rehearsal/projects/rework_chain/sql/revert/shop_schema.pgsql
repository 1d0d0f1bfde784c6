-- Revert shop:shop_schema
BEGIN;
DROP SCHEMA shop;
COMMIT;
