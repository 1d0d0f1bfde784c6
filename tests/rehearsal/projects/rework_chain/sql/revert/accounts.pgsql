-- Revert shop:accounts
BEGIN;
DROP TABLE shop.accounts;
COMMIT;
