-- Verify fleetdb:shared_assertions on pg

BEGIN;

SELECT shared.assert_function('shared.assert_table(text, text[])');
SELECT shared.assert_function('shared.assert_constraints(text, text[], text[])');
SELECT shared.assert_function('shared.assert_indexes(text, text[], text[])');
SELECT shared.assert_function('shared.assert_triggers(text, text[])');
SELECT shared.assert_function('shared.assert_function(text, boolean)');
SELECT shared.assert_function('shared.assert_grants(text, text, text)');
SELECT shared.assert_function('shared.assert_schema(text)');

-- assert_grants sees a column-level grant, and accepts it when listed.
CREATE TEMPORARY TABLE assert_grants_probe (a integer, b integer);
GRANT UPDATE (b) ON assert_grants_probe TO fleetdb_readonly;
SELECT shared.assert_grants('pg_temp.assert_grants_probe', 'fleetdb_readonly', 'UPDATE(b)');
DO $$
BEGIN
    PERFORM shared.assert_grants('pg_temp.assert_grants_probe', 'fleetdb_readonly', '');
    RAISE EXCEPTION 'shared.assert_grants does not see the column privilege UPDATE (b)' USING ERRCODE = 'P0004';
EXCEPTION WHEN raise_exception THEN
    NULL;  -- the assertion raised, as it must
END
$$;

ROLLBACK;
