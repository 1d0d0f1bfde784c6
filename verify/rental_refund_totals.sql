-- Verify fleetdb:rental_refund_totals on pg

BEGIN;

SELECT shared.assert_table('rental.refund_totals', ARRAY[
    'payment_id uuid', 'paid_minor bigint', 'refunded_minor bigint', 'created_at timestamp with time zone']);
SELECT shared.assert_constraints('rental.refund_totals', ARRAY[
    'refund_totals_pk', 'refund_totals_within_payment_ck']);
SELECT shared.assert_grants('rental.refund_totals', 'fleetdb_app', 'SELECT');
SELECT shared.assert_grants('rental.refund_totals', 'fleetdb_readonly', 'SELECT');
SELECT shared.assert_function('rental.refunds_check_within_payment()', p_security_definer => true);
SELECT shared.assert_triggers('rental.refunds', ARRAY['refunds_within_payment_trg:rental.refunds_check_within_payment()']);
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_proc WHERE oid = 'rental.refunds_check_within_payment()'::regprocedure
                   AND prosrc LIKE '%UPDATE rental.refund_totals%') THEN
        RAISE EXCEPTION 'rental.refunds_check_within_payment() does not keep the running total';
    END IF;
END
$$;

ROLLBACK;
