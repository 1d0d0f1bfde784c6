-- Deploy fleetdb:rental_refund_totals_backfill to pg
-- requires: rental_refund_totals
-- requires: shared_check_rollout

-- The running totals of the payments refunded before rental_refund_totals (whose first refund since
-- has not started one yet), written in batches without locking rental.refunds; then the check that
-- every payment with refunds has its exact total, and only then the end of the snapshot guard. Not
-- transactional: each batch commits on its own, and running the deploy again picks up where it
-- stopped (a total that exists is left alone).
--
-- Why a batch cannot count wrong: it sums each payment's refunds with a fresh snapshot, and every refund
-- checked the v1.0 way committed before the switch (rental_refund_totals waited for them). A refund
-- committed after the switch started its payment's total itself, so the batch's insert of that
-- payment conflicts on refund_totals_pk and does nothing (or waits for the refund, then does nothing);
-- a refund after the batch adds itself to the batch's total.

SET ROLE fleetdb_owner;

-- v1.0 let two refunds of one payment commit side by side at REPEATABLE READ: such payments are named
-- here, since their total would break refund_totals_within_payment_ck.
CALL shared.refuse_rows(
    'payment(s) whose refunds already exceed them',
    $$SELECT 'refund_totals_within_payment_ck',
             format('payment %s: %s paid, %s refunded', p.id, p.amount_minor, r.refunded)
      FROM (SELECT payment_id, sum(amount_minor) AS refunded FROM rental.refunds GROUP BY payment_id) AS r
      JOIN rental.payments AS p ON p.id = r.payment_id
      WHERE r.refunded > p.amount_minor ORDER BY p.id$$,
    'Correct these refunds (docs/db/runbook.md, "Rows that break a new rule"), then deploy again.');

DO $$
DECLARE
    after uuid := '00000000-0000-0000-0000-000000000000';
    upto  uuid;
BEGIN
    LOOP
        SELECT b.id INTO upto
        FROM (SELECT id FROM rental.payments WHERE id > after ORDER BY id LIMIT 2000) AS b
        ORDER BY b.id DESC LIMIT 1;
        EXIT WHEN upto IS NULL;
        INSERT INTO rental.refund_totals (payment_id, paid_minor, refunded_minor)
        SELECT p.id, p.amount_minor, sum(r.amount_minor)
        FROM rental.payments AS p
        JOIN rental.refunds AS r ON r.payment_id = p.id
        WHERE p.id > after AND p.id <= upto
        GROUP BY p.id, p.amount_minor
        ON CONFLICT ON CONSTRAINT refund_totals_pk DO NOTHING;
        COMMIT;
        after := upto;
    END LOOP;
END
$$;

-- The VALIDATE step: one statement, so a refund and its total are seen together or not at all.
CALL shared.refuse_rows(
    'payment(s) whose running refund total is missing or differs from their refunds',
    $$SELECT 'refund_totals_pk',
             format('payment %s: refunds %s, total %s', r.payment_id, r.refunded, coalesce(t.refunded_minor::text, 'missing'))
      FROM (SELECT payment_id, sum(amount_minor) AS refunded FROM rental.refunds GROUP BY payment_id) AS r
      LEFT JOIN rental.refund_totals AS t ON t.payment_id = r.payment_id
      WHERE t.refunded_minor IS DISTINCT FROM r.refunded ORDER BY r.payment_id$$,
    'Delete these rows of rental.refund_totals as the owner, then deploy again: the backfill writes them anew.');

-- Every payment with refunds has its total: a transaction whose snapshot predates the switch now finds
-- its payment's total committed unseen (40001 from refund_totals_pk), so the guard has done its work.
BEGIN;
SET LOCAL lock_timeout = '1s';
DROP TRIGGER IF EXISTS refund_totals_snapshot_guard_trg ON rental.refund_totals;
DROP FUNCTION IF EXISTS rental.refund_totals_snapshot_guard();
COMMIT;

RESET ROLE;
