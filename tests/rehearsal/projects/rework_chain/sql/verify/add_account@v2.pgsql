-- Verify shop:add_account (version 2)
BEGIN;
SELECT 1 / count(*) FROM pg_constraint WHERE conname = 'accounts_email_lower_ck';
SELECT 1 / (position('lower(' IN prosrc) > 0)::int FROM pg_proc WHERE oid = 'shop.add_account(text)'::regprocedure;
ROLLBACK;
