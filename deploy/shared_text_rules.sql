-- Deploy fleetdb:shared_text_rules to pg
-- requires: conventions
-- requires: roles
-- requires: shared_check_rollout

-- Length limits of the shared tables (docs/db/conventions.md, "Text limits"). No BEGIN/COMMIT: see
-- shared_check_rollout.

SET lock_timeout = '5s';

-- The checks are added one table per transaction (one CALL each): a transaction that held one table
-- while it waited for the next deadlocked with application statements that lock them in the other
-- order (docs/db/changelog.md, "v1.1 scripts edited after the tag"). Every table's rows are checked
-- first, so rows of v1.0 that break a rule still stop the deploy before anything changes.

CALL shared.assert_rows_pass('shared.currencies', ARRAY[
    ['currencies_name_length_ck', 'char_length(name) <= 100']]);

CALL shared.assert_rows_pass('shared.previous_owners', ARRAY[
    -- A qualified name with an argument list, as the roles change records it.
    ['previous_owners_object_name_length_ck', 'char_length(object_name) <= 1000']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['shared.currencies', 'currencies_name_length_ck', 'char_length(name) <= 100']]);

CALL shared.add_checks_not_valid(ARRAY[
    -- A qualified name with an argument list, as the roles change records it.
    ['shared.previous_owners', 'previous_owners_object_name_length_ck', 'char_length(object_name) <= 1000']]);

CALL shared.validate_checks('shared.currencies', ARRAY['currencies_name_length_ck']);
CALL shared.validate_checks('shared.previous_owners', ARRAY['previous_owners_object_name_length_ck']);

RESET lock_timeout;
