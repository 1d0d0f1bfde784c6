-- The rows the online rehearsal's workload works on, read once as the deploying role before the
-- baseline: per session one in-service vehicle of its own (no two sessions book or read the same one,
-- so no operation fails on another session's), a customer, the vehicle's home branch, and a currency
-- that has a bank (asset) and a revenue account. Bookings start after every booking and maintenance
-- window the vehicle has, readings after its last reading and correction, above its highest reading:
-- every operation of the workload is valid, so any error it meets was caused by the deploy.
WITH currency AS (
    SELECT a.currency, min(a.id::text)::uuid AS bank,
           (SELECT min(r.id::text)::uuid FROM accounting.accounts AS r
            WHERE r.type = 'revenue' AND r.currency = a.currency) AS revenue
    FROM accounting.accounts AS a
    WHERE a.type = 'asset'
      AND EXISTS (SELECT FROM accounting.accounts AS r WHERE r.type = 'revenue' AND r.currency = a.currency)
    GROUP BY a.currency
    ORDER BY count(*) DESC, a.currency
    LIMIT 1
),
vehicle AS (
    SELECT v.id, v.home_location_id, row_number() OVER (ORDER BY v.id) AS n
    FROM fleet.vehicles AS v
    WHERE v.status = 'in_service'
    ORDER BY v.id
    LIMIT %(sessions)s
),
customer AS (
    SELECT c.id, row_number() OVER (ORDER BY c.id) AS n
    FROM rental.customers AS c
    ORDER BY c.id
    LIMIT %(sessions)s
)
SELECT v.id AS vehicle_id,
       v.home_location_id AS location_id,
       c.id AS customer_id,
       cur.currency,
       cur.bank AS bank_account_id,
       cur.revenue AS revenue_account_id,
       date_trunc('day', greatest(now(),
                                  (SELECT max(upper(r.period)) FROM rental.rentals AS r WHERE r.vehicle_id = v.id),
                                  (SELECT max(upper(j.scheduled_window)) FROM maintenance.jobs AS j
                                   WHERE j.vehicle_id = v.id))) + interval '30 days' AS first_slot,
       date_trunc('day', greatest(now(),
                                  (SELECT max(o.read_at) FROM fleet.odometer_readings AS o WHERE o.vehicle_id = v.id),
                                  (SELECT max(k.effective_at) FROM fleet.odometer_corrections AS k
                                   WHERE k.vehicle_id = v.id))) + interval '1 day' AS first_reading_at,
       coalesce((SELECT max(o.reading_km) FROM fleet.odometer_readings AS o WHERE o.vehicle_id = v.id), 0) + 1
           AS first_reading_km
FROM vehicle AS v
JOIN customer AS c ON c.n = v.n
CROSS JOIN currency AS cur
ORDER BY v.n
