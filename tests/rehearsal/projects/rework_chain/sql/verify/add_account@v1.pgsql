-- Verify shop:add_account (version 1)
BEGIN;
SELECT has_function_privilege('shop.add_account(text)', 'EXECUTE');
ROLLBACK;
