-- Verify shop:add_account (version 3)
BEGIN;
SELECT 1 / count(*) FROM pg_trigger WHERE tgname = 'accounts_audit_opened';
ROLLBACK;
