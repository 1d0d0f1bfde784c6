-- Verify fleetdb:rental_payments on pg

BEGIN;

SELECT shared.assert_table('rental.payments', ARRAY[
    'id uuid', 'rental_id uuid', 'currency character(3)', 'amount_minor bigint', 'provider text',
    'provider_reference text', 'received_at timestamp with time zone', 'created_at timestamp with time zone']);
SELECT shared.assert_constraints('rental.payments', ARRAY[
    'payments_pk', 'payments_id_currency_uq', 'payments_rental_currency_fk', 'payments_provider_reference_uq',
    'payments_amount_positive_ck', 'payments_provider_not_blank_ck', 'payments_provider_reference_not_blank_ck']);
SELECT shared.assert_indexes('rental.payments', ARRAY['payments_rental_id_currency_idx']);
SELECT shared.assert_triggers('rental.payments', ARRAY[
    'payments_append_only_trg:shared.reject_mutation()', 'payments_no_truncate_trg:shared.reject_mutation()']);

SELECT shared.assert_table('rental.refunds', ARRAY[
    'id uuid', 'payment_id uuid', 'currency character(3)', 'amount_minor bigint', 'provider_reference text',
    'reason text', 'refunded_at timestamp with time zone', 'created_at timestamp with time zone']);
SELECT shared.assert_constraints('rental.refunds', ARRAY[
    'refunds_pk', 'refunds_payment_currency_fk', 'refunds_amount_positive_ck', 'refunds_reason_not_blank_ck']);
SELECT shared.assert_indexes('rental.refunds', ARRAY['refunds_payment_id_currency_idx']);
SELECT shared.assert_function('rental.refunds_check_within_payment()', p_security_definer => true);
SELECT shared.assert_triggers('rental.refunds', ARRAY[
    'refunds_within_payment_trg:rental.refunds_check_within_payment()',
    'refunds_append_only_trg:shared.reject_mutation()', 'refunds_no_truncate_trg:shared.reject_mutation()']);

SELECT shared.assert_grants('rental.payments', 'fleetdb_app', 'SELECT,INSERT');
SELECT shared.assert_grants('rental.refunds', 'fleetdb_app', 'SELECT,INSERT');
SELECT shared.assert_grants('rental.payments', 'fleetdb_readonly', 'SELECT');
SELECT shared.assert_grants('rental.refunds', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
