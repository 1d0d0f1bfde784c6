-- The seeded data against the invariant catalog: every query returns one text row per violation
-- (the runner counts them and shows the first few). "-- check: ID" names the catalog invariant.
-- Invariants about how rows change (append-only, no late lines, concurrency) are not properties of
-- the data at rest; the triggers that enforce them were active during the whole seed.

-- check: IAM-IDENTITY-UNIQUE
SELECT format('identity (%s, %s) belongs to %s users', issuer, subject, count(*))
FROM iam.external_identities GROUP BY issuer, subject HAVING count(*) > 1;

-- check: IAM-EMAIL-UNIQUE
SELECT format('e-mail %s used by %s users', lower(email), count(*))
FROM iam.users GROUP BY lower(email) HAVING count(*) > 1;

-- check: IAM-STAFF-ONE-PROFILE
SELECT format('user %s has %s staff profiles', user_id, count(*))
FROM iam.staff_profiles GROUP BY user_id HAVING count(*) > 1;

-- check: FLEET-VIN
SELECT format('vehicle %s has VIN %s', id, vin) FROM fleet.vehicles WHERE vin !~ '^[A-HJ-NPR-Z0-9]{17}$'
UNION ALL
SELECT format('VIN %s used by %s vehicles', vin, count(*)) FROM fleet.vehicles GROUP BY vin HAVING count(*) > 1;

-- check: FLEET-PLATE-UNIQUE
SELECT format('plate %s/%s on %s vehicles not retired', plate_jurisdiction, plate, count(*))
FROM fleet.vehicles WHERE status <> 'retired' GROUP BY plate_jurisdiction, plate HAVING count(*) > 1;

-- check: FLEET-MODEL-YEAR
SELECT format('vehicle %s has model year %s', id, model_year) FROM fleet.vehicles WHERE model_year NOT BETWEEN 1980 AND 2100;

-- check: FLEET-ODOMETER-MONOTONIC
-- A decrease between neighbours by time is a violation unless a correction event starts a new
-- segment between them (only decreases are looked up, so this stays one pass over the readings).
SELECT format('vehicle %s: %s km at %s after %s km at %s', d.vehicle_id, d.reading_km, d.read_at, d.before_km, d.before_at)
FROM (
    SELECT vehicle_id, reading_km, read_at,
           lag(reading_km) OVER w AS before_km, lag(read_at) OVER w AS before_at
    FROM fleet.odometer_readings
    WINDOW w AS (PARTITION BY vehicle_id ORDER BY read_at)
) AS d
WHERE d.reading_km < d.before_km
  AND NOT EXISTS (SELECT FROM fleet.odometer_corrections AS c
                  WHERE c.vehicle_id = d.vehicle_id AND c.effective_at > d.before_at AND c.effective_at <= d.read_at);

-- check: RENT-CUSTOMER-LICENCE-UNIQUE
SELECT format('licence %s/%s held by %s customers', driver_licence_country, driver_licence_number, count(*))
FROM rental.customers GROUP BY driver_licence_country, driver_licence_number HAVING count(*) > 1;

-- check: RENT-PERIOD-HALF-OPEN
SELECT format('rental %s has period %s', id, period) FROM rental.rentals
WHERE isempty(period) OR lower_inf(period) OR upper_inf(period) OR NOT lower_inc(period) OR upper_inc(period)
UNION ALL
SELECT format('job %s has window %s', id, scheduled_window) FROM maintenance.jobs
WHERE isempty(scheduled_window) OR lower_inf(scheduled_window) OR upper_inf(scheduled_window)
   OR NOT lower_inc(scheduled_window) OR upper_inc(scheduled_window);

-- check: RENT-OVERLAP
SELECT format('vehicle %s: live rental %s %s overlaps the one before it, which ends at %s', vehicle_id, id, period, before_end)
FROM (
    SELECT vehicle_id, id, period, max(upper(period)) OVER w AS before_end
    FROM rental.rentals WHERE status IN ('reserved', 'active')
    WINDOW w AS (PARTITION BY vehicle_id ORDER BY lower(period) ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
) AS live
WHERE before_end > lower(period);

-- check: RENT-STATUS-TRANSITION
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

-- check: RENT-RETIRED-VEHICLE
SELECT format('retired vehicle %s has live rental %s', v.id, r.id)
FROM fleet.vehicles AS v JOIN rental.rentals AS r ON r.vehicle_id = v.id
WHERE v.status = 'retired' AND r.status IN ('reserved', 'active');

-- check: RENT-MAINTENANCE-EXCLUSION
SELECT format('open job %s overlaps live rental %s of vehicle %s', j.id, r.id, j.vehicle_id)
FROM maintenance.jobs AS j
JOIN rental.rentals AS r ON r.vehicle_id = j.vehicle_id AND r.period && j.scheduled_window
WHERE j.status IN ('scheduled', 'in_progress') AND r.status IN ('reserved', 'active');

-- check: RENT-CURRENCY
SELECT format('charge %s in %s, rental %s in %s', c.id, c.currency, r.id, r.currency)
FROM rental.charges AS c JOIN rental.rentals AS r ON r.id = c.rental_id WHERE c.currency <> r.currency
UNION ALL
SELECT format('payment %s in %s, rental %s in %s', p.id, p.currency, r.id, r.currency)
FROM rental.payments AS p JOIN rental.rentals AS r ON r.id = p.rental_id WHERE p.currency <> r.currency
UNION ALL
SELECT format('refund %s in %s, payment %s in %s', f.id, f.currency, p.id, p.currency)
FROM rental.refunds AS f JOIN rental.payments AS p ON p.id = f.payment_id WHERE f.currency <> p.currency;

-- check: RENT-AMOUNT-POSITIVE
SELECT format('charge %s of %s', id, amount_minor) FROM rental.charges WHERE amount_minor <= 0
UNION ALL
SELECT format('payment %s of %s', id, amount_minor) FROM rental.payments WHERE amount_minor <= 0
UNION ALL
SELECT format('refund %s of %s', id, amount_minor) FROM rental.refunds WHERE amount_minor <= 0;

-- check: RENT-PAYMENT-ONCE
SELECT format('%s reference %s recorded %s times', provider, provider_reference, count(*))
FROM rental.payments GROUP BY provider, provider_reference HAVING count(*) > 1;

-- check: RENT-REFUND-LIMIT
SELECT format('payment %s of %s refunded %s', p.id, p.amount_minor, f.refunded)
FROM rental.payments AS p
JOIN (SELECT payment_id, sum(amount_minor) AS refunded FROM rental.refunds GROUP BY payment_id) AS f
  ON f.payment_id = p.id
WHERE f.refunded > p.amount_minor;

-- check: MAINT-STATUS-TRANSITION
SELECT format('job %s has status %s', id, status) FROM maintenance.jobs
WHERE status NOT IN ('scheduled', 'in_progress', 'completed', 'cancelled')
UNION ALL
SELECT format('job %s is completed without a job_completed event', j.id)
FROM maintenance.jobs AS j
WHERE j.status = 'completed'
  AND NOT EXISTS (SELECT FROM maintenance.outbox_events AS e WHERE e.aggregate_id = j.id);

-- check: MAINT-ONE-CURRENCY
SELECT format('part %s in %s, job %s in %s', p.id, p.currency, j.id, j.currency)
FROM maintenance.job_parts AS p JOIN maintenance.jobs AS j ON j.id = p.job_id WHERE p.currency <> j.currency
UNION ALL
SELECT format('labour %s in %s, job %s in %s', l.id, l.currency, j.id, j.currency)
FROM maintenance.job_labour AS l JOIN maintenance.jobs AS j ON j.id = l.job_id WHERE l.currency <> j.currency;

-- check: MAINT-QUANTITIES-POSITIVE
SELECT format('part %s quantity %s', id, quantity) FROM maintenance.job_parts WHERE quantity <= 0
UNION ALL
SELECT format('labour %s hours %s', id, hours) FROM maintenance.job_labour WHERE hours <= 0;

-- check: ACCT-BALANCED
SELECT format('entry %s: %s line(s), debits - credits = %s', e.id, coalesce(l.lines, 0), coalesce(l.balance, 0))
FROM accounting.journal_entries AS e
LEFT JOIN (SELECT entry_id, count(*) AS lines, sum(amount_minor) AS balance
           FROM accounting.journal_lines GROUP BY entry_id) AS l ON l.entry_id = e.id
WHERE coalesce(l.lines, 0) < 2 OR l.balance <> 0;

-- check: ACCT-ONE-CURRENCY
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

-- check: ACCT-LINE-NONZERO
SELECT format('line %s moves 0', id) FROM accounting.journal_lines WHERE amount_minor = 0;

-- check: ACCT-REVERSE-ONCE
SELECT format('entry %s reversed %s times', reverses_entry_id, count(*))
FROM accounting.journal_entries WHERE reverses_entry_id IS NOT NULL GROUP BY reverses_entry_id HAVING count(*) > 1
UNION ALL
SELECT format('entry %s reverses itself', id) FROM accounting.journal_entries WHERE reverses_entry_id = id;

-- check: ACCT-IDEMPOTENT-POSTING
SELECT format('%s reference %s posted %s times', source, external_reference, count(*))
FROM accounting.journal_entries GROUP BY source, external_reference HAVING count(*) > 1;

-- check: INTEG-OUTBOX-SAME-TX
-- One event per reading, per rental transition (insert and each status change), per completed job
-- and per entry.
SELECT format('%s: %s rows but %s events', what, expected, found)
FROM (
    SELECT 'odometer readings' AS what, (SELECT count(*) FROM fleet.odometer_readings) AS expected,
           (SELECT count(*) FROM fleet.outbox_events WHERE event_type = 'odometer.recorded') AS found
    UNION ALL
    SELECT 'rental transitions',
           (SELECT count(*) + count(*) FILTER (WHERE status IN ('completed', 'cancelled', 'no_show')) FROM rental.rentals),
           (SELECT count(*) FROM rental.outbox_events)
    UNION ALL
    SELECT 'completed jobs', (SELECT count(*) FROM maintenance.jobs WHERE status = 'completed'),
           (SELECT count(*) FROM maintenance.outbox_events WHERE event_type = 'maintenance.job_completed')
    UNION ALL
    SELECT 'journal entries', (SELECT count(*) FROM accounting.journal_entries),
           (SELECT count(*) FROM accounting.outbox_events WHERE event_type = 'accounting.entry_posted')
) AS c
WHERE expected <> found;

-- check: INTEG-INBOX-IDEMPOTENT
SELECT format('%s handled %s %s times', consumer, message_id, count(*))
FROM (SELECT consumer, message_id FROM accounting.inbox_processed_messages
      UNION ALL SELECT consumer, message_id FROM fleet.inbox_processed_messages) AS m
GROUP BY consumer, message_id HAVING count(*) > 1;

-- check: INTEG-OUTBOX-AGGREGATE-ORDER
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
