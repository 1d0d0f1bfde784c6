-- Revert shop:add_account (version 1)
BEGIN;
DROP FUNCTION shop.add_account(text);
COMMIT;
