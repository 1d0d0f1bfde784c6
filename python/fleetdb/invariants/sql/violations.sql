-- What violates each invariant of the catalog, once: "-- name: ID" heads the query of invariant ID,
-- which returns one text row per violation saying which rows break the rule (none when it holds).
-- Read by the post-seed check, the race checker and the tests (fleetdb.invariants.violations). The
-- queries read whole tables in one pass, so they also serve a database seeded at scale 1000.
-- Invariants about how rows change (append-only, no late lines, privileges) are not properties of the
-- data at rest: catalog.toml says why in their not_in_data.

-- name: IAM-IDENTITY-UNIQUE
SELECT format('identity (%s, %s) belongs to %s users', issuer, subject, count(*))
FROM iam.external_identities GROUP BY issuer, subject HAVING count(*) > 1
UNION ALL
SELECT format('identity %s: issuer %L or subject %L is not printable ASCII without blanks', id, issuer, subject)
FROM iam.external_identities WHERE issuer !~ '^[!-~]+$' OR subject !~ '^[!-~]+$';

-- name: IAM-EMAIL-UNIQUE
SELECT format('e-mail %s used by %s users', lower(email), count(*))
FROM iam.users GROUP BY lower(email) HAVING count(*) > 1
UNION ALL
SELECT format('user %s: e-mail %L is not canonical', id, email) FROM iam.users WHERE email !~ '^[!-?A-~]+@[!-?A-~]+$';

-- name: IAM-STAFF-NUMBER-UNIQUE
SELECT format('employee number %s on %s profiles', employee_number, count(*))
FROM iam.staff_profiles GROUP BY employee_number HAVING count(*) > 1
UNION ALL
SELECT format('staff profile %s: employee number %L is not canonical', id, employee_number)
FROM iam.staff_profiles WHERE employee_number !~ '^[A-Z0-9]+(-[A-Z0-9]+)*$';

-- name: IAM-TEXT-BOUNDED
SELECT format('%s %s: %s', t, id, c) FROM (
    SELECT 'user' AS t, id, ARRAY[CASE WHEN char_length(email) > 254 THEN 'email' END,
                                  CASE WHEN char_length(display_name) > 200 THEN 'display_name' END] AS cs
    FROM iam.users
    UNION ALL
    SELECT 'identity', id, ARRAY[CASE WHEN char_length(issuer) > 255 THEN 'issuer' END,
                                 CASE WHEN char_length(subject) > 255 THEN 'subject' END]
    FROM iam.external_identities
    UNION ALL
    SELECT 'role', id, ARRAY[CASE WHEN char_length(code) > 64 THEN 'code' END,
                             CASE WHEN char_length(name) > 100 THEN 'name' END,
                             CASE WHEN char_length(description) > 500 THEN 'description' END]
    FROM iam.roles
    UNION ALL
    SELECT 'permission', id, ARRAY[CASE WHEN char_length(code) > 128 THEN 'code' END,
                                   CASE WHEN char_length(description) > 500 THEN 'description' END]
    FROM iam.permissions
    UNION ALL
    SELECT 'staff profile', id, ARRAY[CASE WHEN char_length(employee_number) > 20 THEN 'employee_number' END,
                                      CASE WHEN char_length(job_title) > 100 THEN 'job_title' END]
    FROM iam.staff_profiles
) AS r CROSS JOIN unnest(r.cs) AS c WHERE c IS NOT NULL;

-- name: IAM-STAFF-ONE-PROFILE
SELECT format('user %s has %s staff profiles', user_id, count(*))
FROM iam.staff_profiles GROUP BY user_id HAVING count(*) > 1;

-- name: FLEET-VIN
SELECT format('vehicle %s has VIN %s', id, vin) FROM fleet.vehicles WHERE vin !~ '^[A-HJ-NPR-Z0-9]{17}$'
UNION ALL
SELECT format('VIN %s used by %s vehicles', vin, count(*)) FROM fleet.vehicles GROUP BY vin HAVING count(*) > 1;

-- name: FLEET-PLATE-UNIQUE
-- Plates compare without their separators ('M-AB 1' is 'MAB1').
SELECT format('plate %s/%s on %s vehicles not retired: %s', plate_jurisdiction, translate(plate, ' -', ''), count(*),
              string_agg(plate, ', '))
FROM fleet.vehicles WHERE status <> 'retired' GROUP BY plate_jurisdiction, translate(plate, ' -', '') HAVING count(*) > 1
UNION ALL
SELECT format('vehicle %s: plate %L is not canonical', id, plate) FROM fleet.vehicles
WHERE plate !~ '^[A-Z0-9]+([ -][A-Z0-9]+)*$';

-- name: FLEET-TEXT-BOUNDED
SELECT format('vehicle %s: plate, make or model longer than 15/100/100', id) FROM fleet.vehicles
WHERE char_length(plate) > 15 OR char_length(make) > 100 OR char_length(model) > 100
UNION ALL
SELECT format('odometer correction %s: reason longer than 500', id) FROM fleet.odometer_corrections
WHERE char_length(reason) > 500;

-- name: FLEET-VEHICLE-STATUS-TRANSITION
-- How statuses change is checked as they change; at rest every status is one of the states.
SELECT format('vehicle %s has status %s', id, status) FROM fleet.vehicles
WHERE status NOT IN ('in_service', 'out_of_service', 'retired');

-- name: FLEET-MODEL-YEAR
SELECT format('vehicle %s has model year %s', id, model_year) FROM fleet.vehicles WHERE model_year NOT BETWEEN 1980 AND 2100;

-- name: FLEET-ODOMETER-MONOTONIC
-- A decrease between neighbours by time is a violation unless a correction event starts a new
-- segment between them (only decreases are looked up, so this stays one pass over the readings).
SELECT format('vehicle %s: %s km at %s after %s km at %s', d.vehicle_id, d.reading_km, d.read_at, d.before_km, d.before_at)
FROM (
    SELECT vehicle_id, reading_km, read_at,
           lag(reading_km) OVER w AS before_km, lag(read_at) OVER w AS before_at
    FROM fleet.odometer_readings
    WINDOW w AS (PARTITION BY vehicle_id ORDER BY read_at, reading_km)
) AS d
WHERE d.reading_km < d.before_km
  AND NOT EXISTS (SELECT FROM fleet.odometer_corrections AS c
                  WHERE c.vehicle_id = d.vehicle_id AND c.effective_at > d.before_at AND c.effective_at <= d.read_at);

-- name: RENT-CUSTOMER-LICENCE-UNIQUE
SELECT format('licence %s/%s held by %s customers', driver_licence_country, driver_licence_number, count(*))
FROM rental.customers GROUP BY driver_licence_country, driver_licence_number HAVING count(*) > 1
UNION ALL
SELECT format('customer %s: licence number %L is not canonical', id, driver_licence_number)
FROM rental.customers WHERE driver_licence_number !~ '^[A-Z0-9]+$';

-- name: RENT-TEXT-BOUNDED
SELECT format('%s %s: %s', t, id, c) FROM (
    SELECT 'location' AS t, id, ARRAY[CASE WHEN char_length(name) > 200 THEN 'name' END,
                                      CASE WHEN char_length(address) > 500 THEN 'address' END,
                                      CASE WHEN char_length(time_zone) > 64 THEN 'time_zone' END] AS cs
    FROM rental.locations
    UNION ALL
    SELECT 'customer', id, ARRAY[CASE WHEN char_length(full_name) > 200 THEN 'full_name' END,
                                 CASE WHEN char_length(email) > 254 THEN 'email' END,
                                 CASE WHEN email !~ '^[!-?A-~]+@[!-?A-~]+$' THEN 'email not canonical' END,
                                 CASE WHEN char_length(phone) > 32 THEN 'phone' END,
                                 CASE WHEN char_length(driver_licence_number) > 32 THEN 'driver_licence_number' END]
    FROM rental.customers
    UNION ALL
    SELECT 'charge', id, ARRAY[CASE WHEN char_length(description) > 500 THEN 'description' END] FROM rental.charges
    UNION ALL
    SELECT 'payment', id, ARRAY[CASE WHEN char_length(provider) > 32 THEN 'provider' END,
                                CASE WHEN char_length(provider_reference) > 255 THEN 'provider_reference' END]
    FROM rental.payments
    UNION ALL
    SELECT 'refund', id, ARRAY[CASE WHEN char_length(provider_reference) > 255 THEN 'provider_reference' END,
                               CASE WHEN provider_reference !~ '^[!-~]+$' THEN 'provider_reference not canonical' END,
                               CASE WHEN char_length(reason) > 500 THEN 'reason' END]
    FROM rental.refunds
) AS r CROSS JOIN unnest(r.cs) AS c WHERE c IS NOT NULL;

-- name: RENT-PERIOD-HALF-OPEN
SELECT format('rental %s has period %s', id, period) FROM rental.rentals
WHERE isempty(period) OR lower_inf(period) OR upper_inf(period) OR NOT lower_inc(period) OR upper_inc(period)
UNION ALL
SELECT format('job %s has window %s', id, scheduled_window) FROM maintenance.jobs
WHERE isempty(scheduled_window) OR lower_inf(scheduled_window) OR upper_inf(scheduled_window)
   OR NOT lower_inc(scheduled_window) OR upper_inc(scheduled_window);

-- name: RENT-OVERLAP
SELECT format('vehicle %s: live rental %s %s overlaps the one before it, which ends at %s', vehicle_id, id, period, before_end)
FROM (
    SELECT vehicle_id, id, period, max(upper(period)) OVER w AS before_end
    FROM rental.rentals WHERE status IN ('reserved', 'active')
    WINDOW w AS (PARTITION BY vehicle_id ORDER BY lower(period) ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
) AS live
WHERE before_end > lower(period);

-- name: RENT-STATUS-TRANSITION
-- Every status change wrote an outbox event: the set of a rental's events must be one that a legal
-- path to its current status writes (sets, not sequences: events of one transaction share a time).
SELECT format('rental %s has status %s', id, status) FROM rental.rentals
WHERE status NOT IN ('reserved', 'active', 'completed', 'cancelled', 'no_show')
UNION ALL
SELECT format('rental %s is %s after the events %s', r.id, r.status, coalesce(e.events, 'none'))
FROM rental.rentals AS r
LEFT JOIN (SELECT aggregate_id, string_agg(event_type, ',' ORDER BY event_type) AS events
           FROM rental.outbox_events GROUP BY aggregate_id) AS e ON e.aggregate_id = r.id
WHERE (r.status, coalesce(e.events, 'none')) NOT IN (
    ('reserved', 'rental.reserved'),
    ('active', 'rental.activated'), ('active', 'rental.activated,rental.reserved'),
    ('cancelled', 'rental.cancelled,rental.reserved'), ('no_show', 'rental.no_show,rental.reserved'),
    ('completed', 'rental.activated,rental.completed'),
    ('completed', 'rental.activated,rental.completed,rental.reserved'));

-- name: RENT-RETIRED-VEHICLE
SELECT format('retired vehicle %s has live rental %s', v.id, r.id)
FROM fleet.vehicles AS v JOIN rental.rentals AS r ON r.vehicle_id = v.id
WHERE v.status = 'retired' AND r.status IN ('reserved', 'active');

-- name: RENT-MAINTENANCE-EXCLUSION
SELECT format('open job %s overlaps live rental %s of vehicle %s', j.id, r.id, j.vehicle_id)
FROM maintenance.jobs AS j
JOIN rental.rentals AS r ON r.vehicle_id = j.vehicle_id AND r.period && j.scheduled_window
WHERE j.status IN ('scheduled', 'in_progress') AND r.status IN ('reserved', 'active');

-- name: RENT-CURRENCY
SELECT format('charge %s in %s, rental %s in %s', c.id, c.currency, r.id, r.currency)
FROM rental.charges AS c JOIN rental.rentals AS r ON r.id = c.rental_id WHERE c.currency <> r.currency
UNION ALL
SELECT format('payment %s in %s, rental %s in %s', p.id, p.currency, r.id, r.currency)
FROM rental.payments AS p JOIN rental.rentals AS r ON r.id = p.rental_id WHERE p.currency <> r.currency
UNION ALL
SELECT format('refund %s in %s, payment %s in %s', f.id, f.currency, p.id, p.currency)
FROM rental.refunds AS f JOIN rental.payments AS p ON p.id = f.payment_id WHERE f.currency <> p.currency;

-- name: RENT-AMOUNT-POSITIVE
SELECT format('charge %s of %s', id, amount_minor) FROM rental.charges WHERE amount_minor <= 0
UNION ALL
SELECT format('payment %s of %s', id, amount_minor) FROM rental.payments WHERE amount_minor <= 0
UNION ALL
SELECT format('refund %s of %s', id, amount_minor) FROM rental.refunds WHERE amount_minor <= 0;

-- name: RENT-PAYMENT-ONCE
SELECT format('%s reference %s recorded %s times', provider, provider_reference, count(*))
FROM rental.payments GROUP BY provider, provider_reference HAVING count(*) > 1
UNION ALL
SELECT format('payment %s: provider %L or reference %L is not canonical', id, provider, provider_reference)
FROM rental.payments WHERE provider !~ '^[a-z0-9]+(_[a-z0-9]+)*$' OR provider_reference !~ '^[!-~]+$';

-- name: RENT-AMOUNT-BOUNDED
SELECT format('charge %s of %s', id, amount_minor) FROM rental.charges WHERE amount_minor > 1000000000000
UNION ALL
SELECT format('payment %s of %s', id, amount_minor) FROM rental.payments WHERE amount_minor > 1000000000000;

-- name: RENT-REFUND-LIMIT
SELECT format('payment %s of %s refunded %s', p.id, p.amount_minor, f.refunded)
FROM rental.payments AS p
JOIN (SELECT payment_id, sum(amount_minor) AS refunded FROM rental.refunds GROUP BY payment_id) AS f
  ON f.payment_id = p.id
WHERE f.refunded > p.amount_minor;

-- name: MAINT-STATUS-TRANSITION
SELECT format('job %s has status %s', id, status) FROM maintenance.jobs
WHERE status NOT IN ('scheduled', 'in_progress', 'completed', 'cancelled')
UNION ALL
SELECT format('job %s is completed without a job_completed event', j.id)
FROM maintenance.jobs AS j
WHERE j.status = 'completed'
  AND NOT EXISTS (SELECT FROM maintenance.outbox_events AS e WHERE e.aggregate_id = j.id);

-- name: MAINT-ONE-CURRENCY
SELECT format('part %s in %s, job %s in %s', p.id, p.currency, j.id, j.currency)
FROM maintenance.job_parts AS p JOIN maintenance.jobs AS j ON j.id = p.job_id WHERE p.currency <> j.currency
UNION ALL
SELECT format('labour %s in %s, job %s in %s', l.id, l.currency, j.id, j.currency)
FROM maintenance.job_labour AS l JOIN maintenance.jobs AS j ON j.id = l.job_id WHERE l.currency <> j.currency;

-- name: MAINT-COST-BOUNDED
SELECT format('part %s: %s x %s', id, quantity, unit_cost_minor) FROM maintenance.job_parts
WHERE NOT (quantity <= 10000 AND unit_cost_minor <= 1000000000000)
UNION ALL
SELECT format('labour %s: %s h x %s', id, hours, rate_minor) FROM maintenance.job_labour
WHERE NOT (hours <= 1000 AND rate_minor <= 1000000000000)
UNION ALL
SELECT format('job %s: parts %s, labour %s; running totals %s, %s', j.id, p.cost, l.cost, t.parts_minor, t.labour_minor)
FROM maintenance.jobs AS j
LEFT JOIN maintenance.job_cost_totals AS t ON t.job_id = j.id
CROSS JOIN LATERAL (SELECT coalesce(sum(round(quantity * unit_cost_minor)), 0) AS cost
                    FROM maintenance.job_parts WHERE job_id = j.id) AS p
CROSS JOIN LATERAL (SELECT coalesce(sum(round(hours * rate_minor)), 0) AS cost
                    FROM maintenance.job_labour WHERE job_id = j.id) AS l
WHERE p.cost > 1e17 OR l.cost > 1e17
   OR coalesce(t.parts_minor, 0) <> p.cost OR coalesce(t.labour_minor, 0) <> l.cost;

-- name: MAINT-TEXT-BOUNDED
SELECT format('job %s: vendor or notes longer than 200/4000', id) FROM maintenance.jobs
WHERE char_length(vendor) > 200 OR char_length(notes) > 4000
UNION ALL
SELECT format('part %s: part number or description longer than 64/500', id) FROM maintenance.job_parts
WHERE char_length(part_number) > 64 OR char_length(description) > 500
UNION ALL
SELECT format('labour %s: technician longer than 200', id) FROM maintenance.job_labour WHERE char_length(technician) > 200;

-- name: MAINT-QUANTITIES-POSITIVE
SELECT format('part %s quantity %s', id, quantity) FROM maintenance.job_parts WHERE quantity <= 0
UNION ALL
SELECT format('labour %s hours %s', id, hours) FROM maintenance.job_labour WHERE hours <= 0;

-- name: ACCT-BALANCED
SELECT format('entry %s: %s line(s), debits - credits = %s', e.id, coalesce(l.lines, 0), coalesce(l.balance, 0))
FROM accounting.journal_entries AS e
LEFT JOIN (SELECT entry_id, count(*) AS lines, sum(amount_minor) AS balance
           FROM accounting.journal_lines GROUP BY entry_id) AS l ON l.entry_id = e.id
WHERE coalesce(l.lines, 0) < 2 OR l.balance <> 0;

-- name: ACCT-ONE-CURRENCY
SELECT format('line %s in %s, entry %s in %s', l.id, l.currency, e.id, e.currency)
FROM accounting.journal_lines AS l JOIN accounting.journal_entries AS e ON e.id = l.entry_id
WHERE l.currency <> e.currency OR l.posting_date <> e.posting_date
UNION ALL
SELECT format('line %s in %s on account %s in %s', l.id, l.currency, a.code, a.currency)
FROM accounting.journal_lines AS l JOIN accounting.accounts AS a ON a.id = l.account_id
WHERE l.currency <> a.currency
UNION ALL
SELECT format('reversal %s in %s of entry %s in %s', r.id, r.currency, e.id, e.currency)
FROM accounting.journal_entries AS r JOIN accounting.journal_entries AS e ON e.id = r.reverses_entry_id
WHERE r.currency <> e.currency;

-- name: ACCT-AMOUNT-BOUNDED
SELECT format('line %s moves %s', id, amount_minor) FROM accounting.journal_lines
WHERE amount_minor NOT BETWEEN -1000000000000 AND 1000000000000;

-- name: ACCT-TEXT-BOUNDED
SELECT format('account %s: code or name longer than 32/200', id) FROM accounting.accounts
WHERE char_length(code) > 32 OR char_length(name) > 200
UNION ALL
SELECT format('entry %s: reference or description longer than 255/500', id) FROM accounting.journal_entries
WHERE char_length(external_reference) > 255 OR char_length(description) > 500
UNION ALL
SELECT format('line %s: memo longer than 500', id) FROM accounting.journal_lines WHERE char_length(memo) > 500;

-- name: ACCT-LINE-NONZERO
SELECT format('line %s moves 0', id) FROM accounting.journal_lines WHERE amount_minor = 0;

-- name: ACCT-REVERSE-ONCE
SELECT format('entry %s reversed %s times', reverses_entry_id, count(*))
FROM accounting.journal_entries WHERE reverses_entry_id IS NOT NULL GROUP BY reverses_entry_id HAVING count(*) > 1
UNION ALL
SELECT format('entry %s reverses itself', id) FROM accounting.journal_entries WHERE reverses_entry_id = id;

-- name: ACCT-IDEMPOTENT-POSTING
SELECT format('%s reference %s posted %s times', source, external_reference, count(*))
FROM accounting.journal_entries GROUP BY source, external_reference HAVING count(*) > 1
UNION ALL
SELECT format('entry %s: reference %L is not canonical', id, external_reference)
FROM accounting.journal_entries WHERE external_reference !~ '^[!-~]+$';

-- name: ACCT-DAY-TOTALS
SELECT format('account %s, %s, %s: lines %s, day total %s', coalesce(s.account_id, t.account_id),
              coalesce(s.currency, t.currency), coalesce(s.posting_date, t.posting_date),
              coalesce(s.amount, 0), coalesce(t.amount_minor::text, 'missing'))
FROM (SELECT account_id, currency, posting_date, sum(amount_minor) AS amount
      FROM accounting.journal_lines GROUP BY account_id, currency, posting_date) AS s
FULL JOIN accounting.account_day_totals AS t
  ON (t.account_id, t.currency, t.posting_date) = (s.account_id, s.currency, s.posting_date)
WHERE t.amount_minor IS DISTINCT FROM s.amount OR abs(t.amount_minor) > 1e17;

-- name: INTEG-OUTBOX-SAME-TX
-- Every reading published (odometer.recorded carries one, odometer.readings_recorded its count, which
-- is the length of its arrays), and one event per rental transition (insert and each status change),
-- per completed job and per entry. A rental's transitions follow from its first event and its status
-- now: inserted reserved, it took one more to leave reserved and one more to reach completed;
-- inserted active, one more to reach completed.
SELECT format('%s: %s rows but %s events', what, expected, found)
FROM (
    SELECT 'odometer readings' AS what, (SELECT count(*) FROM fleet.odometer_readings) AS expected,
           (SELECT count(*) FILTER (WHERE e.event_type = 'odometer.recorded')
                   + coalesce(sum((e.payload->>'count')::bigint)
                              FILTER (WHERE e.event_type = 'odometer.readings_recorded'), 0)
            FROM fleet.outbox_events AS e) AS found
    UNION ALL
    SELECT 'odometer batch events whose count is not their number of readings', 0,
           (SELECT count(*) FROM fleet.outbox_events AS e
            WHERE e.event_type = 'odometer.readings_recorded'
              AND (e.payload->>'count')::bigint IS DISTINCT FROM jsonb_array_length(e.payload->'reading_id'))
    UNION ALL
    SELECT 'rental transitions',
           (SELECT coalesce(sum(1 + CASE WHEN f.event_type = 'rental.activated' THEN 0
                                         ELSE (r.status <> 'reserved')::int END
                                  + (r.status = 'completed')::int), 0)
            FROM rental.rentals AS r
            LEFT JOIN (SELECT DISTINCT ON (e.aggregate_id) e.aggregate_id, e.event_type
                       FROM rental.outbox_events AS e
                       ORDER BY e.aggregate_id, e.txid, e.sequence_no) AS f ON f.aggregate_id = r.id),
           (SELECT count(*) FROM rental.outbox_events)
    UNION ALL
    SELECT 'completed jobs', (SELECT count(*) FROM maintenance.jobs WHERE status = 'completed'),
           (SELECT count(*) FROM maintenance.outbox_events WHERE event_type = 'maintenance.job_completed')
    UNION ALL
    SELECT 'journal entries', (SELECT count(*) FROM accounting.journal_entries),
           (SELECT count(*) FROM accounting.outbox_events WHERE event_type = 'accounting.entry_posted')
) AS c
WHERE expected <> found;

-- name: INTEG-INBOX-IDEMPOTENT
SELECT format('%s inbox: %s handled %s %s times', module, consumer, message_id, count(*))
FROM (SELECT 'iam' AS module, consumer, message_id FROM iam.inbox_processed_messages
      UNION ALL SELECT 'fleet', consumer, message_id FROM fleet.inbox_processed_messages
      UNION ALL SELECT 'rental', consumer, message_id FROM rental.inbox_processed_messages
      UNION ALL SELECT 'maintenance', consumer, message_id FROM maintenance.inbox_processed_messages
      UNION ALL SELECT 'accounting', consumer, message_id FROM accounting.inbox_processed_messages) AS m
GROUP BY module, consumer, message_id HAVING count(*) > 1
UNION ALL
SELECT format('%s inbox: consumer %L is not canonical', module, consumer)
FROM (SELECT 'iam' AS module, consumer FROM iam.inbox_processed_messages
      UNION ALL SELECT 'fleet', consumer FROM fleet.inbox_processed_messages
      UNION ALL SELECT 'rental', consumer FROM rental.inbox_processed_messages
      UNION ALL SELECT 'maintenance', consumer FROM maintenance.inbox_processed_messages
      UNION ALL SELECT 'accounting', consumer FROM accounting.inbox_processed_messages) AS m
WHERE consumer !~ '^[a-z0-9]+([._-][a-z0-9]+)*$';

-- name: INTEG-TEXT-BOUNDED
SELECT format('%s outbox event %s: aggregate or event type longer than 64/128', module, id)
FROM (SELECT 'iam' AS module, id, aggregate_type, event_type FROM iam.outbox_events
      UNION ALL SELECT 'fleet', id, aggregate_type, event_type FROM fleet.outbox_events
      UNION ALL SELECT 'rental', id, aggregate_type, event_type FROM rental.outbox_events
      UNION ALL SELECT 'maintenance', id, aggregate_type, event_type FROM maintenance.outbox_events
      UNION ALL SELECT 'accounting', id, aggregate_type, event_type FROM accounting.outbox_events) AS e
WHERE char_length(aggregate_type) > 64 OR char_length(event_type) > 128
UNION ALL
SELECT format('%s inbox: consumer %s longer than 128', module, left(consumer, 40))
FROM (SELECT 'iam' AS module, consumer FROM iam.inbox_processed_messages
      UNION ALL SELECT 'fleet', consumer FROM fleet.inbox_processed_messages
      UNION ALL SELECT 'rental', consumer FROM rental.inbox_processed_messages
      UNION ALL SELECT 'maintenance', consumer FROM maintenance.inbox_processed_messages
      UNION ALL SELECT 'accounting', consumer FROM accounting.inbox_processed_messages) AS m
WHERE char_length(consumer) > 128;

-- name: SHARED-TEXT-BOUNDED
SELECT format('currency %s: name longer than 100', code) FROM shared.currencies WHERE char_length(name) > 100
UNION ALL
SELECT format('previous owner of %s %s: name longer than 1000', object_kind, left(object_name, 40))
FROM shared.previous_owners WHERE char_length(object_name) > 1000;

-- name: INTEG-OUTBOX-AGGREGATE-ORDER
-- Each versioned event is its aggregate's next version: 1, 2, … without a gap, in the order written.
SELECT format('%s event %s of %s %s has version %s', module, n, aggregate_type, aggregate_id, aggregate_version)
FROM (
    SELECT module, aggregate_type, aggregate_id, aggregate_version,
           row_number() OVER (PARTITION BY module, aggregate_type, aggregate_id ORDER BY sequence_no) AS n
    FROM (
        SELECT 'iam' AS module, aggregate_type, aggregate_id, aggregate_version, sequence_no FROM iam.outbox_events
        UNION ALL
        SELECT 'fleet', aggregate_type, aggregate_id, aggregate_version, sequence_no FROM fleet.outbox_events
        UNION ALL
        SELECT 'rental', aggregate_type, aggregate_id, aggregate_version, sequence_no FROM rental.outbox_events
        UNION ALL
        SELECT 'maintenance', aggregate_type, aggregate_id, aggregate_version, sequence_no FROM maintenance.outbox_events
        UNION ALL
        SELECT 'accounting', aggregate_type, aggregate_id, aggregate_version, sequence_no FROM accounting.outbox_events
    ) AS events
    WHERE aggregate_version IS NOT NULL
) AS numbered
WHERE aggregate_version <> n;
