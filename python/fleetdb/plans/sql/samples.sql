-- Parameter values for the read paths of paths.sql, taken from the data: one query per path, of the
-- path's name or of the name it gives (`-- sample:`), returning up to %(samples)s rows whose columns
-- are the path's parameters. The plan review uses the first row; the benchmark runs the path once per
-- row. Rows are picked by a hash of their id: spread over the table, and the same ones on every run.
-- Paths that take the same parameters share one sample, named after what it picks, so no query here
-- is written twice.

-- name: vehicles_available_at_location
SELECT l.id AS location_id,
       tstzrange(date_trunc('day', now()) + make_interval(days => 3 + k %% 20),
                 date_trunc('day', now()) + make_interval(days => 6 + k %% 20), '[)') AS period
FROM rental.locations AS l CROSS JOIN generate_series(1, 3) AS k
ORDER BY hashtext(l.id::text || k), l.id
LIMIT %(samples)s;

-- name: vehicle_ids
SELECT id AS vehicle_id FROM fleet.vehicles ORDER BY hashtext(id::text) LIMIT %(samples)s;

-- name: vehicle_readings_in_range
SELECT id AS vehicle_id, date_trunc('month', now()) - interval '3 months' AS from_at,
       date_trunc('month', now()) - interval '2 months' AS to_at
FROM fleet.vehicles ORDER BY hashtext(id::text) LIMIT %(samples)s;

-- name: vehicles_page_with_odometer
SELECT id AS home_location_id, NULL::uuid AS after_id, 50 AS limit
FROM rental.locations ORDER BY hashtext(id::text) LIMIT %(samples)s;

-- name: customer_rentals
SELECT customer_id FROM rental.rentals ORDER BY hashtext(id::text) LIMIT %(samples)s;

-- name: vehicle_rentals_by_time
SELECT id AS vehicle_id, now() - interval '30 days' AS from_at
FROM fleet.vehicles ORDER BY hashtext(id::text) LIMIT %(samples)s;

-- name: vehicle_live_booking_overlapping
SELECT id AS vehicle_id, date_trunc('day', now()) AS pickup_at, date_trunc('day', now()) + interval '10 days' AS return_at
FROM fleet.vehicles WHERE status = 'in_service' ORDER BY hashtext(id::text) LIMIT %(samples)s;

-- name: location_by_code
SELECT code FROM rental.locations ORDER BY hashtext(id::text) LIMIT %(samples)s;

-- name: rentals_overlapping_period_at_location
SELECT l.id AS location_id,
       tstzrange(date_trunc('day', now()) - make_interval(days => k), date_trunc('day', now()) - make_interval(days => k - 1), '[)') AS period
FROM rental.locations AS l CROSS JOIN generate_series(1, 3) AS k
ORDER BY hashtext(l.id::text || k), l.id
LIMIT %(samples)s;

-- name: rental_pages
SELECT array_agg(id) AS rental_ids
FROM (SELECT id, (row_number() OVER () - 1) / 20 AS page
      FROM (SELECT id FROM rental.rentals ORDER BY hashtext(id::text) LIMIT 20 * %(samples)s) AS picked) AS s
GROUP BY page;

-- name: payment_by_provider_reference
SELECT provider, provider_reference FROM rental.payments ORDER BY hashtext(id::text) LIMIT %(samples)s;

-- name: workshop_queue
SELECT 1 AS unused FROM generate_series(1, %(samples)s);

-- name: job_pages
SELECT array_agg(id) AS job_ids
FROM (SELECT id, (row_number() OVER () - 1) / 10 AS page
      FROM (SELECT id FROM maintenance.jobs ORDER BY hashtext(id::text) LIMIT 10 * %(samples)s) AS picked) AS s
GROUP BY page;

-- name: account_by_code
SELECT code FROM accounting.accounts ORDER BY hashtext(id::text) LIMIT %(samples)s;

-- name: account_balance_as_of
-- Branch accounts (the per-currency payables accounts collect every maintenance job of a currency).
SELECT a.id AS account_id, a.currency, (now() - make_interval(days => k * 30))::date AS as_of
FROM accounting.accounts AS a CROSS JOIN generate_series(0, 5) AS k
WHERE a.code LIKE '%%-BR%%'
ORDER BY hashtext(a.id::text || k), a.id
LIMIT %(samples)s;

-- name: account_ledger
SELECT a.id AS account_id, a.currency, date_trunc('month', now() - make_interval(months => k))::date AS from_date,
       date_trunc('month', now() - make_interval(months => k - 1))::date AS to_date
FROM accounting.accounts AS a CROSS JOIN generate_series(1, 6) AS k
WHERE a.code LIKE '%%-BR%%'
ORDER BY hashtext(a.id::text || k), a.id
LIMIT %(samples)s;

-- name: entry_pages
SELECT array_agg(id) AS entry_ids
FROM (SELECT id, (row_number() OVER () - 1) / 20 AS page
      FROM (SELECT id FROM accounting.journal_entries ORDER BY hashtext(id::text) LIMIT 20 * %(samples)s) AS picked) AS s
GROUP BY page;

-- name: entry_by_source_reference
SELECT source, external_reference FROM accounting.journal_entries ORDER BY hashtext(id::text) LIMIT %(samples)s;

-- name: reversal_of_entry
SELECT id AS entry_id FROM accounting.journal_entries ORDER BY hashtext(id::text) LIMIT %(samples)s;

-- name: relay_batches
SELECT 100 AS limit FROM generate_series(1, %(samples)s);

-- name: inbox_lookup
SELECT consumer, message_id FROM accounting.inbox_processed_messages ORDER BY hashtext(message_id::text) LIMIT %(samples)s;

-- name: user_by_identity
SELECT issuer, subject FROM iam.external_identities ORDER BY hashtext(subject) LIMIT %(samples)s;

-- name: staff_by_role_and_location
SELECT l.id AS location_id, r.code AS role_code
FROM rental.locations AS l CROSS JOIN iam.roles AS r
WHERE r.code IN ('branch_agent', 'branch_manager')
ORDER BY hashtext(l.id::text || r.code), l.id
LIMIT %(samples)s;
