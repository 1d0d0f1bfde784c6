-- Verify rehearsal_fixture:customers_status_default on pg

BEGIN;

SELECT 1 / (pg_get_expr(d.adbin, d.adrelid) = '''closed''::text')::int
FROM pg_attrdef AS d JOIN pg_attribute AS a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
WHERE d.adrelid = 'app.customers'::regclass AND a.attname = 'status';

ROLLBACK;
