-- Deploy shop:add_account (version 3, HEAD)
-- requires: add_account@v2 account_audit
BEGIN;
SET LOCAL lock_timeout = '5s';
CREATE FUNCTION shop.audit_opened() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO shop.account_audit (account_id, event) VALUES (NEW.id, 'opened');
    RETURN NEW;
END
$$;
CREATE TRIGGER accounts_audit_opened AFTER INSERT ON shop.accounts
    FOR EACH ROW EXECUTE FUNCTION shop.audit_opened();
COMMIT;
