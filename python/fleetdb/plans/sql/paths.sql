-- The named read paths of fleetdb: each query the way the application asks it, with psycopg named
-- parameters. Header lines of a path:
--   -- name: the path's name (samples.sql has a query of the same name that picks parameter values)
--   -- expect: the indexes its plan must use (unqualified index names, as EXPLAIN prints them)
--   -- needs: an index the schema does not have yet; the review reports the path as needing it
--   -- why: what the application does with it
-- docs/db/indexes.md explains, per index, which paths it serves.

-- name: vehicles_available_at_location
-- expect: vehicles_home_location_id_idx, rentals_no_overlap_excl, jobs_vehicle_id_start_idx
-- why: the booking screen: cars of a branch in service and free (no live booking, no open job) for a period
SELECT v.id, v.plate, v.make, v.model, v.model_year
FROM fleet.vehicles AS v
WHERE v.home_location_id = %(location_id)s
  AND v.status = 'in_service'
  AND NOT EXISTS (SELECT FROM rental.rentals AS r
                  WHERE r.vehicle_id = v.id AND r.status IN ('reserved', 'active')
                    AND r.period && %(period)s::tstzrange)
  AND NOT EXISTS (SELECT FROM maintenance.jobs AS j
                  WHERE j.vehicle_id = v.id AND j.status IN ('scheduled', 'in_progress')
                    AND j.scheduled_window && %(period)s::tstzrange)
ORDER BY v.make, v.model, v.plate
LIMIT 50;

-- name: vehicle_current_odometer
-- expect: odometer_readings_vehicle_id_read_at_idx
-- why: the handover form shows the last known odometer value
SELECT reading_km, read_at, source
FROM fleet.odometer_readings
WHERE vehicle_id = %(vehicle_id)s
ORDER BY read_at DESC
LIMIT 1;

-- name: vehicle_readings_in_range
-- expect: odometer_readings_vehicle_id_read_at_idx
-- why: mileage of a vehicle over a month (fleet reports, mileage charges)
SELECT reading_km, read_at, source
FROM fleet.odometer_readings
WHERE vehicle_id = %(vehicle_id)s
  AND read_at >= %(from_at)s AND read_at < %(to_at)s
ORDER BY read_at;

-- name: vehicle_readings_all
-- expect: odometer_readings_vehicle_id_read_at_idx
-- why: persistence FleetRepository.readings (fleet/readings_of_vehicle.sql)
SELECT id, vehicle_id, reading_km, read_at, source, recorded_by, created_at
FROM fleet.odometer_readings
WHERE vehicle_id = %(vehicle_id)s
ORDER BY read_at, id;

-- name: vehicles_page_with_odometer
-- expect: vehicles_home_location_id_idx, odometer_readings_vehicle_id_read_at_idx
-- why: persistence fleet/vehicles_with_odometer.sql: a page of a branch's vehicles with their current odometer
SELECT v.id, v.vin, v.plate, v.make, v.model, v.status, o.reading_km AS odometer_km, o.read_at AS odometer_read_at
FROM fleet.vehicles AS v
LEFT JOIN LATERAL (
    SELECT r.reading_km, r.read_at
    FROM fleet.odometer_readings AS r
    WHERE r.vehicle_id = v.id
    ORDER BY r.read_at DESC, r.id DESC
    LIMIT 1
) AS o ON true
WHERE v.home_location_id = %(location_id)s
ORDER BY v.id
LIMIT 50;

-- name: customer_rentals
-- expect: rentals_customer_id_pickup_idx
-- why: a customer's booking history, newest first
SELECT id, vehicle_id, period, status, currency
FROM rental.rentals
WHERE customer_id = %(customer_id)s
ORDER BY lower(period) DESC
LIMIT 20;

-- name: vehicle_rentals_by_time
-- expect: rentals_vehicle_id_pickup_idx
-- why: a vehicle's bookings from a date on (the vehicle calendar)
SELECT id, customer_id, period, status
FROM rental.rentals
WHERE vehicle_id = %(vehicle_id)s AND lower(period) >= %(from_at)s
ORDER BY lower(period)
LIMIT 20;

-- name: vehicle_live_booking_overlapping
-- expect: rentals_no_overlap_excl
-- why: persistence rental/overlapping_rental.sql: which booking a BookingConflict collided with
SELECT id, customer_id, period, status
FROM rental.rentals
WHERE vehicle_id = %(vehicle_id)s
  AND status IN ('reserved', 'active')
  AND period && %(period)s::tstzrange
ORDER BY lower(period)
LIMIT 1;

-- name: rentals_overlapping_period_at_location
-- expect: rentals_pickup_location_period_idx
-- why: the branch board: bookings picked up at a branch that overlap a day or a week
SELECT id, vehicle_id, customer_id, period, status
FROM rental.rentals
WHERE pickup_location_id = %(location_id)s
  AND period && %(period)s::tstzrange
ORDER BY lower(period)
LIMIT 200;

-- name: rental_with_charges_and_payments
-- expect: rentals_pk|rentals_id_currency_uq, charges_rental_id_currency_idx, payments_rental_id_currency_idx
-- why: the rental screen: one rental with its charges and payments in one statement
SELECT r.id, r.status, r.period, r.currency,
       (SELECT coalesce(json_agg(json_build_object('kind', c.kind, 'amount_minor', c.amount_minor) ORDER BY c.id), '[]')
        FROM rental.charges AS c WHERE c.rental_id = r.id AND c.currency = r.currency) AS charges,
       (SELECT coalesce(json_agg(json_build_object('amount_minor', p.amount_minor, 'provider', p.provider) ORDER BY p.id), '[]')
        FROM rental.payments AS p WHERE p.rental_id = r.id AND p.currency = r.currency) AS payments
FROM rental.rentals AS r
WHERE r.id = %(rental_id)s;

-- name: charges_of_rentals
-- expect: charges_rental_id_currency_idx
-- why: persistence rental/charges_of_rentals.sql: the charges of a page of rentals
SELECT id, rental_id, currency, kind, amount_minor, description, created_at
FROM rental.charges
WHERE rental_id = ANY(%(rental_ids)s::uuid[])
ORDER BY rental_id, created_at, id;

-- name: refunds_of_rentals
-- expect: payments_rental_id_currency_idx, refunds_payment_id_currency_idx
-- why: persistence rental/refunds_of_rentals.sql: the refunds of a page of rentals
SELECT f.id, f.payment_id, f.currency, f.amount_minor, f.reason, f.refunded_at
FROM rental.refunds AS f
JOIN rental.payments AS p ON p.id = f.payment_id
WHERE p.rental_id = ANY(%(rental_ids)s::uuid[])
ORDER BY f.payment_id, f.refunded_at, f.id;

-- name: payment_by_provider_reference
-- expect: payments_provider_reference_uq
-- why: a provider's webhook arrives again: find the payment it already recorded
SELECT id, rental_id, currency, amount_minor, received_at
FROM rental.payments
WHERE provider = %(provider)s AND provider_reference = %(provider_reference)s;

-- name: vehicle_open_jobs
-- expect: jobs_vehicle_id_start_idx
-- why: the vehicle page lists scheduled and running maintenance
SELECT id, kind, status, scheduled_window, vendor
FROM maintenance.jobs
WHERE vehicle_id = %(vehicle_id)s AND status IN ('scheduled', 'in_progress')
ORDER BY lower(scheduled_window);

-- name: workshop_queue
-- expect: jobs_open_start_idx
-- why: the workshop's queue: open jobs of all vehicles by start time
SELECT id, vehicle_id, kind, status, scheduled_window
FROM maintenance.jobs
WHERE status IN ('scheduled', 'in_progress')
ORDER BY lower(scheduled_window)
LIMIT 50;

-- name: jobs_with_costs
-- expect: jobs_pk|jobs_id_currency_uq, job_parts_job_id_currency_idx, job_labour_job_id_currency_idx
-- why: persistence maintenance/jobs_with_costs.sql: jobs with parts, labour and total cost
SELECT j.id, j.vehicle_id, j.kind, j.status, c.parts_minor, c.labour_minor, c.total_minor
FROM maintenance.jobs AS j
JOIN maintenance.job_costs AS c ON c.job_id = j.id
WHERE j.id = ANY(%(job_ids)s::uuid[])
ORDER BY j.id;

-- name: account_balance_as_of
-- expect: journal_lines_account_id_posting_date_idx
-- why: the balance of an account at the end of a day; the caller holds the account, and its currency pins the index range
SELECT coalesce(sum(amount_minor), 0) AS balance_minor
FROM accounting.journal_lines
WHERE account_id = %(account_id)s AND currency = %(currency)s AND posting_date <= %(as_of)s::date;

-- name: account_ledger
-- expect: journal_lines_account_id_posting_date_idx
-- why: the lines of an account in a month (the ledger view)
SELECT id, entry_id, posting_date, amount_minor, memo
FROM accounting.journal_lines
WHERE account_id = %(account_id)s AND currency = %(currency)s
  AND posting_date >= %(from_date)s::date AND posting_date < %(to_date)s::date
ORDER BY posting_date, id;

-- name: entry_with_lines
-- expect: journal_entries_pk|journal_entries_id_currency_uq|journal_entries_id_currency_date_uq, journal_lines_entry_id_idx
-- why: one journal entry with its lines
SELECT e.id, e.posting_date, e.source, e.external_reference, e.currency, e.description,
       l.account_id, l.amount_minor, l.memo
FROM accounting.journal_entries AS e
JOIN accounting.journal_lines AS l ON l.entry_id = e.id
WHERE e.id = %(entry_id)s
ORDER BY l.id;

-- name: entry_by_source_reference
-- expect: journal_entries_source_reference_uq
-- why: accounting.post_entry's idempotency look-up: was this business event posted already?
SELECT id, posting_date, currency, description
FROM accounting.journal_entries
WHERE source = %(source)s AND external_reference = %(external_reference)s;

-- name: reversal_of_entry
-- expect: journal_entries_reverses_once_uq
-- why: persistence accounting/reversal_of.sql: has this entry been reversed?
SELECT id
FROM accounting.journal_entries
WHERE reverses_entry_id = %(entry_id)s;

-- name: outbox_unpublished_fleet
-- expect: outbox_events_unpublished_idx
-- why: the relay claims the next batch of the fleet module's events in commit order (txid, then sequence_no)
-- Ordering by (txid, id) instead would sort all the events of the oldest transaction before the LIMIT:
-- the index holds (txid, sequence_no), and uuid v7 ids are random within a millisecond.
SELECT id, aggregate_type, aggregate_id, event_type, payload, occurred_at
FROM fleet.outbox_events
WHERE published_at IS NULL
  AND txid < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY txid, sequence_no
LIMIT 100
FOR UPDATE SKIP LOCKED;

-- name: outbox_unpublished_rental
-- expect: outbox_events_unpublished_idx
-- why: the relay claims the next batch of the rental module's events in commit order (txid, then sequence_no)
SELECT id, aggregate_type, aggregate_id, event_type, payload, occurred_at
FROM rental.outbox_events
WHERE published_at IS NULL
  AND txid < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY txid, sequence_no
LIMIT 100
FOR UPDATE SKIP LOCKED;

-- name: inbox_lookup
-- expect: inbox_processed_messages_pk
-- why: a consumer asks whether it handled a message already
SELECT processed_at
FROM accounting.inbox_processed_messages
WHERE consumer = %(consumer)s AND message_id = %(message_id)s;

-- name: user_by_identity
-- expect: external_identities_issuer_subject_uq, users_pk, user_roles_pk
-- why: sign-in: the user behind an identity-provider subject, with roles and permissions (iam/find_by_identity.sql)
SELECT u.id, u.email, u.display_name, u.status,
       array(SELECT r.code FROM iam.user_roles AS ur JOIN iam.roles AS r ON r.id = ur.role_id
             WHERE ur.user_id = u.id ORDER BY r.code) AS roles,
       array(SELECT DISTINCT p.code FROM iam.user_roles AS ur
             JOIN iam.role_permissions AS rp ON rp.role_id = ur.role_id
             JOIN iam.permissions AS p ON p.id = rp.permission_id
             WHERE ur.user_id = u.id ORDER BY p.code) AS permissions
FROM iam.external_identities AS i
JOIN iam.users AS u ON u.id = i.user_id
WHERE i.issuer = %(issuer)s AND i.subject = %(subject)s;

-- name: staff_by_role_and_location
-- expect: staff_profiles_home_location_id_idx
-- why: who works at a branch in a role (rota, approvals)
SELECT u.id, u.display_name, s.employee_number, s.job_title
FROM iam.staff_profiles AS s
JOIN iam.users AS u ON u.id = s.user_id
JOIN iam.user_roles AS ur ON ur.user_id = s.user_id
JOIN iam.roles AS r ON r.id = ur.role_id
WHERE s.home_location_id = %(location_id)s AND r.code = %(role_code)s
ORDER BY u.display_name;
