-- Deploy shop:add_account (version 1, as of @v1)
-- requires: accounts
BEGIN;
CREATE FUNCTION shop.add_account(p_email text) RETURNS bigint
LANGUAGE sql AS $$
    INSERT INTO shop.accounts (email) VALUES (p_email) RETURNING id
$$;
COMMIT;
