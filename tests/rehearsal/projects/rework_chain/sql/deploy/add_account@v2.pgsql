-- Deploy shop:add_account (version 2, as of @v2)
-- requires: add_account@v1
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE shop.accounts ADD CONSTRAINT accounts_email_lower_ck CHECK (email = lower(email)) NOT VALID;
CREATE OR REPLACE FUNCTION shop.add_account(p_email text) RETURNS bigint
LANGUAGE sql AS $$
    INSERT INTO shop.accounts (email) VALUES (lower(p_email)) RETURNING id
$$;
COMMIT;
