-- Verify shop:account_audit
BEGIN;
SELECT id, account_id, event, at FROM shop.account_audit WHERE false;
ROLLBACK;
