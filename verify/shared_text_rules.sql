-- Verify fleetdb:shared_text_rules on pg

BEGIN;

SELECT shared.assert_constraints('shared.currencies', ARRAY[
    'currencies_name_length_ck']);
SELECT shared.assert_constraints('shared.previous_owners', ARRAY[
    'previous_owners_object_name_length_ck']);

ROLLBACK;
