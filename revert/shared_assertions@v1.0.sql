-- Revert fleetdb:shared_assertions from pg

BEGIN;

DROP FUNCTION shared.assert_schema(text);
DROP FUNCTION shared.assert_grants(text, text, text);
DROP FUNCTION shared.assert_function(text, boolean);
DROP FUNCTION shared.assert_triggers(text, text[]);
DROP FUNCTION shared.assert_indexes(text, text[], text[]);
DROP FUNCTION shared.assert_constraints(text, text[], text[]);
DROP FUNCTION shared.assert_table(text, text[]);

COMMIT;
