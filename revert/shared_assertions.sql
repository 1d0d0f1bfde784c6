-- Revert fleetdb:shared_assertions from pg

-- Back to the v1.0 assert_grants, which compares table privileges only.

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- A role has exactly the listed table privileges (no more, no less), e.g. 'SELECT,INSERT'.
CREATE OR REPLACE FUNCTION shared.assert_grants(p_table text, p_role text, p_privileges text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog
AS $$
DECLARE
    want text[] := CASE WHEN p_privileges = '' THEN '{}' ELSE string_to_array(p_privileges, ',') END;
    problems text;
BEGIN
    IF to_regclass(p_table) IS NULL THEN
        RAISE EXCEPTION 'missing table or view %', p_table;
    END IF;
    SELECT string_agg(CASE WHEN has_table_privilege(p_role, p_table, priv) THEN 'extra ' ELSE 'missing ' END
                      || priv, ', ') INTO problems
    FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS priv
    WHERE has_table_privilege(p_role, p_table, priv) <> (priv = ANY (want));
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION '%: role % has wrong privileges: %', p_table, p_role, problems;
    END IF;
END
$$;
COMMENT ON FUNCTION shared.assert_grants(text, text, text) IS
    'Verify helper: raises unless the role has exactly these privileges on the table (table-level; column grants are checked separately).';

COMMIT;
