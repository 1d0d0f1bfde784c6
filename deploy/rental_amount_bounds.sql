-- Deploy fleetdb:rental_amount_bounds to pg
-- requires: rental_charges
-- requires: rental_payments
-- requires: shared_check_rollout

-- RENT-AMOUNT-BOUNDED: a charge or payment is at most 10^12 minor units (ten billion in a currency
-- with two decimals); a refund is at most its payment already (RENT-REFUND-LIMIT). No sum the schema
-- computes over them can leave bigint: the refund check adds one refund to refunds that never exceed
-- their payment (<= 2 * 10^12), and rental totals are sums of bigint, which PostgreSQL computes in
-- numeric (docs/db/conventions.md, "Amounts and derived sums"). No BEGIN/COMMIT: see
-- shared_check_rollout.

SET lock_timeout = '5s';

-- The checks are added one table per transaction (one CALL each): a transaction that held one table
-- while it waited for the next deadlocked with application statements that lock them in the other
-- order (docs/db/changelog.md, "v1.1 scripts edited after the tag"). Every table's rows are checked
-- first, so rows of v1.0 that break a rule still stop the deploy before anything changes.

CALL shared.assert_rows_pass('rental.charges', ARRAY[
    ['charges_amount_max_ck', 'amount_minor <= 1000000000000']]);

CALL shared.assert_rows_pass('rental.payments', ARRAY[
    ['payments_amount_max_ck', 'amount_minor <= 1000000000000']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['rental.charges', 'charges_amount_max_ck', 'amount_minor <= 1000000000000']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['rental.payments', 'payments_amount_max_ck', 'amount_minor <= 1000000000000']]);

CALL shared.validate_checks('rental.charges', ARRAY['charges_amount_max_ck']);
CALL shared.validate_checks('rental.payments', ARRAY['payments_amount_max_ck']);

RESET lock_timeout;
