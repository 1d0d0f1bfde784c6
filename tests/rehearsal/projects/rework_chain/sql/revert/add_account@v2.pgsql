-- Revert shop:add_account (version 2) to version 1
BEGIN;
CREATE OR REPLACE FUNCTION shop.add_account(p_email text) RETURNS bigint
LANGUAGE sql AS $$
    INSERT INTO shop.accounts (email) VALUES (p_email) RETURNING id
$$;
ALTER TABLE shop.accounts DROP CONSTRAINT accounts_email_lower_ck;
COMMIT;
