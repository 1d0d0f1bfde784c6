-- Verify fleetdb:shared_check_rollout on pg

BEGIN;

SELECT shared.assert_function('shared.refuse_rows(text, text, text)');
SELECT shared.assert_function('shared.assert_rows_pass(regclass, text[])');
SELECT shared.assert_function('shared.add_checks_not_valid(text[])');
SELECT shared.assert_function('shared.validate_checks(regclass, text[])');

ROLLBACK;
