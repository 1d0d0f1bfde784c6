-- Verify shop:shop_schema
BEGIN;
SELECT 1 / count(*) FROM pg_namespace WHERE nspname = 'shop';
ROLLBACK;
