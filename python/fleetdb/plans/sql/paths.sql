-- The named read paths of fleetdb: each query the way the application asks it, with psycopg named
-- parameters. Header lines of a path:
--   -- name: the path's name (samples.sql has a query of the same name that picks parameter values)
--   -- sample: the samples.sql query it shares with other paths that take the same parameters
--   -- file: the persistence file (python/persistence/fleetdb_persistence/sql/<module>/<name>.sql) the application
--      runs; the path then has no statement here, so the review measures the application's own SQL
--   -- format: identifiers for the file's {placeholders}, as the repository fills them
--   -- expect: the indexes its plan must use (unqualified index names, as EXPLAIN prints them)
--   -- needs: an index the schema does not have yet; the review reports the path as needing it
--   -- why: what the application does with it
-- docs/db/indexes.md explains, per index, which paths it serves.

-- name: vehicles_available_at_location
-- expect: vehicles_home_location_id_idx, rentals_live_vehicle_pickup_idx, jobs_open_vehicle_start_idx
-- why: the booking screen: cars of a branch in service and free (no live booking, no open job) for a period
-- One probe per vehicle of the branch into partial B-trees of live rows only (booking_screen_live_idx).
-- Live bookings of a vehicle never overlap (rentals_no_overlap_excl), so the one that starts last before
-- the period ends is the only one that can overlap it: LIMIT 1 on the index, newest first. The LIMIT
-- and OFFSET 0 keep each probe a per-vehicle subplan: hashing every live booking of the period
-- instead (the plan the planner picks from its estimates) costs milliseconds at scale 1000.
SELECT v.id, v.plate, v.make, v.model, v.model_year
FROM fleet.vehicles AS v
WHERE v.home_location_id = %(location_id)s
  AND v.status = 'in_service'
  AND NOT EXISTS (SELECT FROM (SELECT r.period FROM rental.rentals AS r
                               WHERE r.vehicle_id = v.id AND r.status IN ('reserved', 'active')
                                 AND lower(r.period) < coalesce(upper(%(period)s::tstzrange), 'infinity')
                               ORDER BY lower(r.period) DESC
                               LIMIT 1) AS latest
                  WHERE latest.period && %(period)s::tstzrange)
  AND NOT EXISTS (SELECT FROM maintenance.jobs AS j
                  WHERE j.vehicle_id = v.id AND j.status IN ('scheduled', 'in_progress')
                    AND lower(j.scheduled_window) < coalesce(upper(%(period)s::tstzrange), 'infinity')
                    AND j.scheduled_window && %(period)s::tstzrange
                  OFFSET 0)
ORDER BY v.make, v.model, v.plate
LIMIT 50;

-- name: vehicle_by_id
-- expect: vehicles_pk
-- why: FleetRepository.get_vehicle: one vehicle by id
-- sample: vehicle_ids
-- file: fleet/get_vehicle

-- name: vehicle_current_odometer
-- expect: odometer_readings_vehicle_id_read_at_idx
-- why: the handover form shows the last known odometer value
-- sample: vehicle_ids
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
-- why: FleetRepository.readings: a vehicle's readings by time
-- sample: vehicle_ids
-- file: fleet/readings_of_vehicle

-- name: vehicles_page_with_odometer
-- expect: vehicles_home_location_id_idx, odometer_readings_vehicle_id_read_at_idx
-- why: FleetRepository.vehicles_with_odometer: a page of a branch's vehicles with their current odometer
-- file: fleet/vehicles_with_odometer

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
-- why: RentalRepository: which booking a BookingConflict collided with
-- file: rental/overlapping_rental

-- name: location_by_code
-- expect: locations_code_uq
-- why: RentalRepository.location: a branch by its code
-- file: rental/location_by_code

-- name: rentals_overlapping_period_at_location
-- expect: rentals_pickup_location_start_idx, rentals_long_pickup_location_period_idx
-- why: the branch board: bookings picked up at a branch that overlap a day or a week
-- A booking of at most 30 days that overlaps the period was picked up at most 30 days before it starts:
-- one range read of the branch's pickups, upper(period) checked in the index. Longer bookings picked
-- up earlier come from the partial GiST of the long ones (its predicate is the second arm's).
SELECT id, vehicle_id, customer_id, period, status
FROM (SELECT r.id, r.vehicle_id, r.customer_id, r.period, r.status
      FROM rental.rentals AS r
      WHERE r.pickup_location_id = %(location_id)s
        AND lower(r.period) >= lower(%(period)s::tstzrange) - interval '30 days'
        AND lower(r.period) < upper(%(period)s::tstzrange)
        AND upper(r.period) > lower(%(period)s::tstzrange)
      UNION ALL
      SELECT r.id, r.vehicle_id, r.customer_id, r.period, r.status
      FROM rental.rentals AS r
      WHERE r.pickup_location_id = %(location_id)s
        AND upper(r.period) - lower(r.period) > interval '30 days'
        AND lower(r.period) < lower(%(period)s::tstzrange) - interval '30 days'
        AND r.period && %(period)s::tstzrange) AS booking
ORDER BY lower(period)
LIMIT 200;

-- name: rentals_by_id
-- expect: rentals_pk|rentals_id_currency_uq
-- why: RentalRepository.get/details_of: a page of rentals by id (the rental screen, with the charges, payments and refunds below)
-- sample: rental_pages
-- file: rental/get_rentals

-- name: payments_of_rentals
-- expect: payments_rental_id_currency_idx
-- why: RentalRepository.details_of: the payments of a page of rentals
-- sample: rental_pages
-- file: rental/payments_of_rentals

-- name: charges_of_rentals
-- expect: charges_rental_id_currency_idx
-- why: RentalRepository: the charges of a page of rentals
-- sample: rental_pages
-- file: rental/charges_of_rentals

-- name: refunds_of_rentals
-- expect: payments_rental_id_currency_idx, refunds_payment_id_currency_idx
-- why: RentalRepository: the refunds of a page of rentals
-- sample: rental_pages
-- file: rental/refunds_of_rentals

-- name: payment_by_provider_reference
-- expect: payments_provider_reference_uq
-- why: a provider's webhook arrives again: find the payment it already recorded
-- file: rental/payment_by_provider_reference

-- name: vehicle_open_jobs
-- expect: jobs_open_vehicle_start_idx|jobs_vehicle_id_start_idx
-- why: the vehicle page lists scheduled and running maintenance
-- sample: vehicle_ids
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
-- why: MaintenanceRepository: jobs with parts, labour and total cost
-- sample: job_pages
-- file: maintenance/jobs_with_costs

-- name: parts_of_jobs
-- expect: job_parts_job_id_currency_idx
-- why: MaintenanceRepository.details_of: the parts of a page of jobs
-- sample: job_pages
-- file: maintenance/parts_of_jobs

-- name: labour_of_jobs
-- expect: job_labour_job_id_currency_idx
-- why: MaintenanceRepository.details_of: the labour of a page of jobs
-- sample: job_pages
-- file: maintenance/labour_of_jobs

-- name: account_by_code
-- expect: accounts_code_uq
-- why: AccountingRepository.account: an account by its code (every posting names its accounts by code)
-- file: accounting/account_by_code

-- name: account_balance_as_of
-- expect: account_day_totals_pk
-- why: the balance of an account at the end of a day, from its day totals (one row per day with lines, ACCT-DAY-TOTALS; the same sum as over its journal lines); the caller holds the account, and its currency pins the index range
SELECT coalesce(sum(amount_minor), 0) AS balance_minor
FROM accounting.account_day_totals
WHERE account_id = %(account_id)s AND currency = %(currency)s AND posting_date <= %(as_of)s::date;

-- name: account_ledger
-- expect: journal_lines_account_id_posting_date_idx
-- why: the lines of an account in a month (the ledger view)
SELECT id, entry_id, posting_date, amount_minor, memo
FROM accounting.journal_lines
WHERE account_id = %(account_id)s AND currency = %(currency)s
  AND posting_date >= %(from_date)s::date AND posting_date < %(to_date)s::date
ORDER BY posting_date, id;

-- name: entries_by_id
-- expect: journal_entries_pk|journal_entries_id_currency_uq|journal_entries_id_currency_date_uq
-- why: AccountingRepository.details_of: journal entries by id
-- sample: entry_pages
-- file: accounting/get_entries

-- name: lines_of_entries
-- expect: journal_lines_entry_id_idx
-- why: AccountingRepository.details_of: the lines of those entries
-- sample: entry_pages
-- file: accounting/lines_of_entries

-- name: entry_by_source_reference
-- expect: journal_entries_source_reference_uq
-- why: accounting.post_entry's idempotency look-up: was this business event posted already?
SELECT id, posting_date, currency, description
FROM accounting.journal_entries
WHERE source = %(source)s AND external_reference = %(external_reference)s;

-- name: reversal_of_entry
-- expect: journal_entries_reverses_once_uq
-- why: AccountingRepository: has this entry been reversed?
-- file: accounting/reversal_of

-- name: outbox_unpublished_fleet
-- expect: outbox_events_unpublished_idx, outbox_events_unpublished_aggregate_idx
-- why: the relay (relay_once) claims the fleet module's next batch: the lowest unpublished version of each aggregate, walking aggregates
-- sample: relay_batches
-- file: integration/claim_batch
-- format: outbox=fleet.outbox_events

-- name: outbox_unpublished_rental
-- expect: outbox_events_unpublished_idx, outbox_events_unpublished_aggregate_idx
-- why: the relay (relay_once) claims the rental module's next batch: the lowest unpublished version of each aggregate, walking aggregates
-- sample: relay_batches
-- file: integration/claim_batch
-- format: outbox=rental.outbox_events

-- name: inbox_lookup
-- expect: inbox_processed_messages_pk
-- why: a consumer asks whether it handled a message already
SELECT processed_at
FROM accounting.inbox_processed_messages
WHERE consumer = %(consumer)s AND message_id = %(message_id)s;

-- name: user_by_identity
-- expect: external_identities_issuer_subject_uq, users_pk, user_roles_pk
-- why: sign-in: the user behind an identity-provider subject, with roles and permissions
-- file: iam/find_by_identity

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
