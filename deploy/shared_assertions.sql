-- Deploy fleetdb:shared_assertions to pg
-- requires: shared_assertions@v1.0

-- assert_grants also checks column privileges. The v1.0 function compared table privileges only
-- (has_table_privilege), so a column-level grant such as UPDATE (payload) passed every verify script
-- that listed the role's privileges. A privilege held on some columns only is now listed as
-- 'UPDATE(published_at)'; the v1.0 function ignores such an entry, so the verify scripts that list one
-- pass with either version. Only the function body changes: no table is locked.

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- A role has exactly the listed privileges (no more, no less), e.g. 'SELECT,INSERT,UPDATE(published_at)':
-- each table privilege, and for SELECT, INSERT, UPDATE and REFERENCES each column's privilege too.
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
    SELECT string_agg(CASE WHEN has_column_privilege(p_role, to_regclass(p_table), a.attnum, priv)
                           THEN 'extra ' ELSE 'missing ' END || priv || '(' || a.attname || ')', ', ')
      INTO problems
    FROM pg_attribute AS a
    CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) AS priv
    WHERE a.attrelid = to_regclass(p_table) AND a.attnum > 0 AND NOT a.attisdropped
      AND has_column_privilege(p_role, to_regclass(p_table), a.attnum, priv)
          <> (priv = ANY (want) OR priv || '(' || a.attname || ')' = ANY (want));
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION '%: role % has wrong column privileges: %', p_table, p_role, problems;
    END IF;
END
$$;
COMMENT ON FUNCTION shared.assert_grants(text, text, text) IS
    'Verify helper: raises unless the role has exactly these privileges on the table and its columns (''UPDATE(col)'' for a column-level one).';

COMMIT;
