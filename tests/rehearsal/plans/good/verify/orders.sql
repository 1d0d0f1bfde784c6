-- Verify rehearsal_fixture:orders on pg

BEGIN;

SELECT id, number, customer_id, total_cents, placed_at FROM app.orders WHERE FALSE;
SELECT 1 / (to_regclass('app.orders_customer_id_idx') IS NOT NULL)::int;

ROLLBACK;
