-- Seed step: journal entries of the chunk: one per payment (bank debited, branch revenue credited),
-- one per refund (the reverse), one per completed maintenance job (branch maintenance expense
-- debited, payables credited), and a reversal of one payment entry in five hundred. Each entry has
-- two lines that sum to zero; the balance is checked at commit by the deferred triggers.
-- Entry numbers (id kind 14): payment n * 4, refund n * 4 + 1, reversal n * 4 + 2 (n: the rental),
-- and 10^12 + job number for jobs. Line k of entry e is line e * 2 + k (id kind 15).

CREATE TEMPORARY TABLE seed_chunk_entries ON COMMIT DROP AS
SELECT r.n * 4 AS entry_no, 'rental' AS source, 'payment:' || pay.id AS external_reference,
       pay.received_at::date AS posting_date, pay.currency, 'Rental payment ' || pay.provider_reference AS description,
       NULL::bigint AS reverses_no, pay.amount_minor AS amount_minor,
       pg_temp.seed_id(16, 1000000 + r.location_no) AS debit_account,
       pg_temp.seed_id(16, 2000000 + r.location_no) AS credit_account
FROM seed_chunk_rentals AS r
JOIN rental.payments AS pay ON pay.id = pg_temp.seed_id(7, r.n)
UNION ALL
SELECT r.n * 4 + 1, 'rental', 'refund:' || rf.id, rf.refunded_at::date, rf.currency, 'Refund ' || rf.provider_reference,
       NULL, rf.amount_minor,
       pg_temp.seed_id(16, 2000000 + r.location_no), pg_temp.seed_id(16, 1000000 + r.location_no)
FROM seed_chunk_rentals AS r
JOIN rental.refunds AS rf ON rf.id = pg_temp.seed_id(8, r.n)
UNION ALL
SELECT r.n * 4 + 2, 'accounting', 'reversal:payment:' || pay.id, pay.received_at::date + 3, pay.currency,
       'Reversal of a duplicated posting', r.n * 4, pay.amount_minor,
       pg_temp.seed_id(16, 2000000 + r.location_no), pg_temp.seed_id(16, 1000000 + r.location_no)
FROM seed_chunk_rentals AS r
JOIN rental.payments AS pay ON pay.id = pg_temp.seed_id(7, r.n)
WHERE r.h % 500 = 11
UNION ALL
SELECT 1000000000000 + j.n, 'maintenance', 'job:' || pg_temp.seed_id(11, j.n), upper(j.scheduled_window)::date,
       pg_temp.location_currency(j.location_no), 'Maintenance job',
       NULL, c.total,
       pg_temp.seed_id(16, 3000000 + j.location_no),
       pg_temp.seed_id(16, 4000000 + cur.numeric_code)
FROM seed_chunk_jobs AS j
JOIN shared.currencies AS cur ON cur.code = pg_temp.location_currency(j.location_no)
CROSS JOIN LATERAL (
    SELECT coalesce((SELECT sum(round(quantity * unit_cost_minor)) FROM maintenance.job_parts
                     WHERE job_id = pg_temp.seed_id(11, j.n)), 0)
         + coalesce((SELECT sum(round(hours * rate_minor)) FROM maintenance.job_labour
                     WHERE job_id = pg_temp.seed_id(11, j.n)), 0) AS total
) AS c
WHERE j.final_status = 'completed' AND c.total > 0;

INSERT INTO accounting.journal_entries (id, posting_date, source, external_reference, currency, description,
                                        reverses_entry_id)
SELECT pg_temp.seed_id(14, e.entry_no), e.posting_date, e.source, e.external_reference, e.currency, e.description,
       pg_temp.seed_id(14, e.reverses_no)
FROM seed_chunk_entries AS e
ORDER BY e.reverses_no NULLS FIRST, e.entry_no;

INSERT INTO accounting.journal_lines (id, entry_id, account_id, currency, posting_date, amount_minor, memo)
SELECT pg_temp.seed_id(15, e.entry_no * 2 + k), pg_temp.seed_id(14, e.entry_no),
       CASE k WHEN 0 THEN e.debit_account ELSE e.credit_account END,
       e.currency, e.posting_date,
       CASE k WHEN 0 THEN e.amount_minor ELSE -e.amount_minor END, ''
FROM seed_chunk_entries AS e CROSS JOIN generate_series(0, 1) AS k
ORDER BY e.entry_no, k;
