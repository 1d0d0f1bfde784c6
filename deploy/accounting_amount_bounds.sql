-- Deploy fleetdb:accounting_amount_bounds to pg
-- requires: accounting_entries
-- requires: shared_check_rollout

-- ACCT-AMOUNT-BOUNDED: a journal line moves at most 10^12 minor units either way (BETWEEN, not abs():
-- abs(-2^63) itself overflows). Balances and the balance check sum lines in numeric. No BEGIN/COMMIT:
-- see shared_check_rollout.

SET lock_timeout = '5s';

CALL shared.add_checks_not_valid(ARRAY[
    ['accounting.journal_lines', 'journal_lines_amount_range_ck',
     'amount_minor BETWEEN -1000000000000 AND 1000000000000']]);

CALL shared.validate_checks('accounting.journal_lines', ARRAY['journal_lines_amount_range_ck']);

RESET lock_timeout;
