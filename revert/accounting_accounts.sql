-- Revert fleetdb:accounting_accounts from pg

BEGIN;

DROP TABLE accounting.accounts;

COMMIT;
