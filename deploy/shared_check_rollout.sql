-- Deploy fleetdb:shared_check_rollout to pg
-- requires: shared_assertions

-- Helpers for changes that add CHECK constraints to tables that already hold rows (v1.0 data). Such a
-- deploy script has no BEGIN/COMMIT, so each statement is its own transaction:
--   CALL shared.add_checks_not_valid(ARRAY[[table, name, expression], ...]);
--       rows that break a new rule are named and stop the deploy before anything changes; then the
--       checks are added NOT VALID (ACCESS EXCLUSIVE for a moment, no scan);
--   CALL shared.validate_checks(table, ARRAY[name, ...]);   -- once per table
--       rows written in between that break a rule are named; then VALIDATE CONSTRAINT scans under
--       SHARE UPDATE EXCLUSIVE, so reads and writes go on.
-- Procedures, so that psql prints nothing for them. The deployer calls them as itself (a superuser, or a member of fleetdb_owner: owning the tables is
-- what ALTER TABLE needs); PUBLIC cannot.

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- Raises 23514 when p_offenders, a query returning (rule, line) per offending row, returns any row:
-- the message says how many rows break a rule, the detail lists the first ten, the error carries the
-- first one's rule as its constraint name. Does nothing otherwise.
CREATE PROCEDURE shared.refuse_rows(p_what text, p_offenders text, p_hint text)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    total   bigint;
    rule    text;
    samples text[];
BEGIN
    EXECUTE format('SELECT max(s.total), (array_agg(s.rule))[1], array_agg(s.line) '
                   'FROM (SELECT o.rule, o.line, count(*) OVER () AS total FROM (%s) AS o(rule, line) LIMIT 10) AS s',
                   p_offenders)
        INTO total, rule, samples;
    IF total > 0 THEN
        RAISE EXCEPTION '% %: the deploy stopped before changing anything', total, p_what
            USING ERRCODE = '23514', CONSTRAINT = rule, HINT = p_hint,
                  DETAIL = array_to_string(samples, E'\n')
                           || CASE WHEN total > 10 THEN format(E'\n... and %s more', total - 10) ELSE '' END;
    END IF;
END
$$;
COMMENT ON PROCEDURE shared.refuse_rows(text, text, text) IS
    'Deploy helper: raises 23514 naming the first ten (rule, line) rows p_offenders returns, if any.';
REVOKE EXECUTE ON PROCEDURE shared.refuse_rows(text, text, text) FROM PUBLIC;

-- p_checks is a two-dimensional array of {constraint name, CHECK expression}. Raises naming every row
-- of the table (by primary key, with the rules it breaks) for which an expression is false.
CREATE PROCEDURE shared.assert_rows_pass(p_table regclass, p_checks text[])
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key_columns text;
    broken      text;
    failing     text;
BEGIN
    SELECT string_agg(format('t.%I', a.attname), ', ' ORDER BY k.ord) INTO key_columns
    FROM pg_index AS i
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = p_table AND i.indisprimary;
    SELECT string_agg(format('CASE WHEN NOT (%s) THEN %L END', p_checks[n][2], p_checks[n][1]), ', ' ORDER BY n),
           string_agg(format('NOT (%s)', p_checks[n][2]), ' OR ')
    INTO broken, failing
    FROM generate_subscripts(p_checks, 1) AS n;
    CALL shared.refuse_rows(
        format('row(s) of %s break a rule this change adds', p_table),
        format('SELECT b.rules[1], format(%L, b.key, array_to_string(b.rules, %L), b.row_text) '
               'FROM (SELECT %s AS key, array_remove(ARRAY[%s], NULL) AS rules, left(t::text, 120) AS row_text '
               'FROM %s AS t WHERE %s) AS b',
               'key %s breaks %s: %s', ', ', coalesce('ROW(' || key_columns || ')::text', 't.ctid::text'), broken,
               p_table, failing),
        'Correct these rows (docs/db/runbook.md, "Rows that break a new rule"), then deploy again.');
END
$$;
COMMENT ON PROCEDURE shared.assert_rows_pass(regclass, text[]) IS
    'Deploy helper: raises naming the rows of the table for which one of the {name, expression} checks is false.';
REVOKE EXECUTE ON PROCEDURE shared.assert_rows_pass(regclass, text[]) FROM PUBLIC;

-- p_checks is a two-dimensional array of {table, constraint name, CHECK expression}. Every table's
-- rows must pass first (else nothing changes and the offenders are named); then one ALTER TABLE per
-- table adds its checks NOT VALID. A check of that name left NOT VALID by an interrupted deploy is
-- replaced in the same statement.
CREATE PROCEDURE shared.add_checks_not_valid(p_checks text[])
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target  regclass;
    checks  text[];
    actions text;
BEGIN
    FOR target, checks IN
        SELECT p_checks[n][1]::regclass, array_agg(ARRAY[p_checks[n][2], p_checks[n][3]] ORDER BY n)
        FROM generate_subscripts(p_checks, 1) AS n GROUP BY 1 ORDER BY min(n)
    LOOP
        CALL shared.assert_rows_pass(target, checks);
    END LOOP;
    FOR target, actions IN
        SELECT p_checks[n][1]::regclass,
               string_agg(CASE WHEN EXISTS (SELECT FROM pg_constraint AS c
                                           WHERE c.conrelid = p_checks[n][1]::regclass AND c.conname = p_checks[n][2])
                               THEN format('DROP CONSTRAINT %I, ', p_checks[n][2]) ELSE '' END
                          || format('ADD CONSTRAINT %I CHECK (%s) NOT VALID', p_checks[n][2], p_checks[n][3]),
                          ', ' ORDER BY n)
        FROM generate_subscripts(p_checks, 1) AS n GROUP BY 1 ORDER BY min(n)
    LOOP
        EXECUTE format('ALTER TABLE %s %s', target, actions);
    END LOOP;
END
$$;
COMMENT ON PROCEDURE shared.add_checks_not_valid(text[]) IS
    'Deploy helper: refuses rows that break the {table, name, expression} checks, then adds the checks NOT VALID.';
REVOKE EXECUTE ON PROCEDURE shared.add_checks_not_valid(text[]) FROM PUBLIC;

-- Names the rows written since the checks were added NOT VALID that break them (none, unless the
-- application wrote them in between), then validates each check.
CREATE PROCEDURE shared.validate_checks(p_table regclass, p_names text[])
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    checks text[];
    missing text;
    name text;
BEGIN
    SELECT string_agg(want, ', ') INTO missing
    FROM unnest(p_names) AS want
    WHERE NOT EXISTS (SELECT FROM pg_constraint AS c
                      WHERE c.conrelid = p_table AND c.conname = want AND c.contype = 'c');
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION '%: no check constraint(s) %', p_table, missing;
    END IF;
    SELECT array_agg(ARRAY[c.conname::text, pg_get_expr(c.conbin, c.conrelid)] ORDER BY c.conname) INTO checks
    FROM pg_constraint AS c
    WHERE c.conrelid = p_table AND c.conname = ANY (p_names) AND NOT c.convalidated;
    IF checks IS NULL THEN
        RETURN;
    END IF;
    CALL shared.assert_rows_pass(p_table, checks);
    FOREACH name IN ARRAY p_names LOOP
        EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', p_table, name);
    END LOOP;
END
$$;
COMMENT ON PROCEDURE shared.validate_checks(regclass, text[]) IS
    'Deploy helper: refuses rows that break the named NOT VALID checks, then validates them.';
REVOKE EXECUTE ON PROCEDURE shared.validate_checks(regclass, text[]) FROM PUBLIC;

COMMIT;
