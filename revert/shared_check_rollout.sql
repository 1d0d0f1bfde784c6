-- Revert fleetdb:shared_check_rollout from pg

BEGIN;

DROP PROCEDURE shared.validate_checks(regclass, text[]);
DROP PROCEDURE shared.add_checks_not_valid(text[]);
DROP PROCEDURE shared.assert_rows_pass(regclass, text[]);
DROP PROCEDURE shared.refuse_rows(text, text, text);

COMMIT;
