-- Deploy fleetdb:shared_assertions to pg
-- requires: roles

-- Catalog assertions for the verify scripts: each raises with the full name of what is missing
-- or wrong, so `sqitch verify` fails and says why. They only read the catalog.

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- Table exists, is owned by fleetdb_owner, has these columns ('name type', type as format_type
-- prints it) and a comment on the table and on every column.
CREATE FUNCTION shared.assert_table(p_table text, p_columns text[]) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog
AS $$
DECLARE
    rel regclass := to_regclass(p_table);
    problems text;
BEGIN
    IF rel IS NULL THEN
        RAISE EXCEPTION 'missing table or view %', p_table;
    END IF;
    IF (SELECT relowner FROM pg_class WHERE oid = rel) <> 'fleetdb_owner'::regrole THEN
        RAISE EXCEPTION '% is not owned by fleetdb_owner', p_table;
    END IF;
    IF obj_description(rel, 'pg_class') IS NULL THEN
        RAISE EXCEPTION '% has no comment', p_table;
    END IF;
    SELECT string_agg(want, ', ') INTO problems
    FROM unnest(p_columns) AS want
    WHERE NOT EXISTS (SELECT FROM pg_attribute a
                      WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped
                        AND a.attname || ' ' || format_type(a.atttypid, a.atttypmod) = want);
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION '%: missing or mistyped column(s): %', p_table, problems;
    END IF;
    SELECT string_agg(a.attname, ', ') INTO problems
    FROM pg_attribute a
    WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped
      AND (a.attname || ' ' || format_type(a.atttypid, a.atttypmod)) <> ALL (p_columns);
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION '%: unexpected column(s): %', p_table, problems;
    END IF;
    SELECT string_agg(a.attname, ', ') INTO problems
    FROM pg_attribute a
    WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped AND col_description(rel, a.attnum) IS NULL;
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION '%: column(s) without comment: %', p_table, problems;
    END IF;
END
$$;
COMMENT ON FUNCTION shared.assert_table(text, text[]) IS
    'Verify helper: raises unless the table exists, is owned by fleetdb_owner, has exactly these typed columns and comments.';

-- Named constraints exist with the kind their suffix promises (_pk, _fk, _uq, _ck, _excl, and _trg
-- for constraint triggers);
-- names listed in p_deferred must be DEFERRABLE INITIALLY DEFERRED.
CREATE FUNCTION shared.assert_constraints(p_table text, p_names text[], p_deferred text[] DEFAULT '{}')
    RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog
AS $$
DECLARE
    problems text;
BEGIN
    SELECT string_agg(want, ', ') INTO problems
    FROM unnest(p_names) AS want
    WHERE NOT EXISTS (
        SELECT FROM pg_constraint c
        WHERE c.conrelid = to_regclass(p_table) AND c.conname = want AND c.convalidated
          AND c.contype = CASE substring(want FROM '_([a-z]+)$')
                              WHEN 'pk' THEN 'p' WHEN 'fk' THEN 'f' WHEN 'uq' THEN 'u'
                              WHEN 'ck' THEN 'c' WHEN 'excl' THEN 'x' WHEN 'trg' THEN 't' END
          AND (c.condeferrable AND c.condeferred) = (want = ANY (p_deferred)));
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION '%: missing or wrong constraint(s): %', p_table, problems;
    END IF;
END
$$;
COMMENT ON FUNCTION shared.assert_constraints(text, text[], text[]) IS
    'Verify helper: raises unless each named constraint exists with the kind its suffix names.';

-- Named indexes exist on the table and are valid; p_unique lists the ones that must be unique.
CREATE FUNCTION shared.assert_indexes(p_table text, p_names text[], p_unique text[] DEFAULT '{}')
    RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog
AS $$
DECLARE
    problems text;
BEGIN
    SELECT string_agg(want, ', ') INTO problems
    FROM unnest(p_names) AS want
    WHERE NOT EXISTS (
        SELECT FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = to_regclass(p_table) AND c.relname = want AND i.indisvalid
          AND i.indisunique = (want = ANY (p_unique)));
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION '%: missing, invalid or wrong index(es): %', p_table, problems;
    END IF;
END
$$;
COMMENT ON FUNCTION shared.assert_indexes(text, text[], text[]) IS
    'Verify helper: raises unless each named index exists, is valid and has the expected uniqueness.';

-- Named triggers exist on the table, are enabled and call the given function ('name:function').
CREATE FUNCTION shared.assert_triggers(p_table text, p_triggers text[]) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog
AS $$
DECLARE
    problems text;
BEGIN
    SELECT string_agg(want, ', ') INTO problems
    FROM unnest(p_triggers) AS want
    WHERE NOT EXISTS (
        SELECT FROM pg_trigger t
        WHERE t.tgrelid = to_regclass(p_table) AND NOT t.tgisinternal AND t.tgenabled = 'O'
          AND t.tgname = split_part(want, ':', 1)
          AND t.tgfoid = to_regprocedure(split_part(want, ':', 2)));
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION '%: missing, disabled or wrong trigger(s): %', p_table, problems;
    END IF;
END
$$;
COMMENT ON FUNCTION shared.assert_triggers(text, text[]) IS
    'Verify helper: raises unless each trigger (name:function signature) exists, is enabled and calls that function.';

-- Function exists, is owned by fleetdb_owner, PUBLIC cannot execute it, and a SECURITY DEFINER
-- function pins its search_path.
CREATE FUNCTION shared.assert_function(p_signature text, p_security_definer boolean DEFAULT false)
    RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog
AS $$
DECLARE
    fn regprocedure := to_regprocedure(p_signature);
    p pg_proc;
BEGIN
    IF fn IS NULL THEN
        RAISE EXCEPTION 'missing function %', p_signature;
    END IF;
    SELECT * INTO p FROM pg_proc WHERE oid = fn;
    IF p.proowner <> 'fleetdb_owner'::regrole THEN
        RAISE EXCEPTION 'function % is not owned by fleetdb_owner', p_signature;
    END IF;
    IF p.prosecdef <> p_security_definer THEN
        RAISE EXCEPTION 'function %: SECURITY DEFINER is %, expected %', p_signature, p.prosecdef, p_security_definer;
    END IF;
    IF p.prosecdef AND NOT EXISTS (SELECT FROM unnest(p.proconfig) AS c WHERE c LIKE 'search_path=%') THEN
        RAISE EXCEPTION 'SECURITY DEFINER function % does not set search_path', p_signature;
    END IF;
    IF has_function_privilege('public', fn, 'EXECUTE') THEN
        RAISE EXCEPTION 'PUBLIC can execute %', p_signature;
    END IF;
END
$$;
COMMENT ON FUNCTION shared.assert_function(text, boolean) IS
    'Verify helper: raises unless the function exists, is owned by fleetdb_owner, is closed to PUBLIC and pins search_path if SECURITY DEFINER.';

-- A role has exactly the listed table privileges (no more, no less), e.g. 'SELECT,INSERT'.
CREATE FUNCTION shared.assert_grants(p_table text, p_role text, p_privileges text) RETURNS void
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

-- Module schema exists, is owned by fleetdb_owner, app and readonly roles may use it, PUBLIC may do nothing.
CREATE FUNCTION shared.assert_schema(p_schema text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = p_schema) THEN
        RAISE EXCEPTION 'missing schema %', p_schema;
    END IF;
    IF (SELECT nspowner FROM pg_namespace WHERE nspname = p_schema) <> 'fleetdb_owner'::regrole THEN
        RAISE EXCEPTION 'schema % is not owned by fleetdb_owner', p_schema;
    END IF;
    IF obj_description((SELECT oid FROM pg_namespace WHERE nspname = p_schema), 'pg_namespace') IS NULL THEN
        RAISE EXCEPTION 'schema % has no comment', p_schema;
    END IF;
    IF NOT has_schema_privilege('fleetdb_app', p_schema, 'USAGE')
       OR NOT has_schema_privilege('fleetdb_readonly', p_schema, 'USAGE') THEN
        RAISE EXCEPTION 'schema %: fleetdb_app and fleetdb_readonly need USAGE', p_schema;
    END IF;
    IF has_schema_privilege('fleetdb_app', p_schema, 'CREATE')
       OR has_schema_privilege('fleetdb_readonly', p_schema, 'CREATE') THEN
        RAISE EXCEPTION 'schema %: fleetdb_app or fleetdb_readonly may create objects (DDL)', p_schema;
    END IF;
    IF has_schema_privilege('public', p_schema, 'USAGE') OR has_schema_privilege('public', p_schema, 'CREATE') THEN
        RAISE EXCEPTION 'schema %: PUBLIC has privileges on it', p_schema;
    END IF;
END
$$;
COMMENT ON FUNCTION shared.assert_schema(text) IS
    'Verify helper: raises unless the module schema is owned by fleetdb_owner, usable by app and readonly, closed to PUBLIC.';

REVOKE EXECUTE ON FUNCTION shared.assert_schema(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION shared.assert_table(text, text[]), shared.assert_constraints(text, text[], text[]),
    shared.assert_indexes(text, text[], text[]), shared.assert_triggers(text, text[]),
    shared.assert_function(text, boolean), shared.assert_grants(text, text, text) FROM PUBLIC;

COMMIT;
