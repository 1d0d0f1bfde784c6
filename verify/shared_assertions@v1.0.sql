-- Verify fleetdb:shared_assertions on pg

BEGIN;

SELECT shared.assert_function('shared.assert_table(text, text[])');
SELECT shared.assert_function('shared.assert_constraints(text, text[], text[])');
SELECT shared.assert_function('shared.assert_indexes(text, text[], text[])');
SELECT shared.assert_function('shared.assert_triggers(text, text[])');
SELECT shared.assert_function('shared.assert_function(text, boolean)');
SELECT shared.assert_function('shared.assert_grants(text, text, text)');
SELECT shared.assert_function('shared.assert_schema(text)');

ROLLBACK;
