-- Revert shop:add_account (version 3) to version 2
BEGIN;
DROP TRIGGER accounts_audit_opened ON shop.accounts;
DROP FUNCTION shop.audit_opened();
COMMIT;
