-- Verify fleetdb:shared_uuid_v7_inline on pg

BEGIN;

DO $$
BEGIN
    IF substr(shared.uuid_v7()::text, 15, 1) <> '7' THEN
        RAISE EXCEPTION 'shared.uuid_v7() does not return version 7 UUIDs';
    END IF;
    -- Inlinable: a SQL function with no SET clause that is not SECURITY DEFINER.
    IF EXISTS (SELECT FROM pg_proc WHERE oid = 'shared.uuid_v7()'::regprocedure
               AND (proconfig IS NOT NULL OR prosecdef OR prolang <> (SELECT oid FROM pg_language WHERE lanname = 'sql'))) THEN
        RAISE EXCEPTION 'shared.uuid_v7() cannot be inlined (SET clause, SECURITY DEFINER or not LANGUAGE sql)';
    END IF;
END
$$;

ROLLBACK;
