-- Verify shop:accounts
BEGIN;
SELECT id, email, opened_at FROM shop.accounts WHERE false;
ROLLBACK;
