-- Verify warehouse:items
BEGIN;
SELECT 1 / count(*) FROM pg_attribute
WHERE attrelid = to_regclass(format('%I.items', :'schema')) AND attname = 'sku'
  AND attcollation = (SELECT oid FROM pg_collation WHERE collname = 'sku_order');
ROLLBACK;
