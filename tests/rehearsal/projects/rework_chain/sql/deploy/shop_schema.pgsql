-- Deploy shop:shop_schema
BEGIN;
CREATE SCHEMA shop;
COMMIT;
