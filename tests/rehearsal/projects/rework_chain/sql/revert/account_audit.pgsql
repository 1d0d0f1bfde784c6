-- Revert shop:account_audit
BEGIN;
DROP TABLE shop.account_audit;
COMMIT;
