-- Deploy fleetdb:online_hold_lock to pg
-- The yardstick of the online rehearsal's measurement: ACCESS EXCLUSIVE on every table the workload's
-- operations start with, held for :hold seconds (a psql variable: --set hold=…) from the moment an
-- operation of the workload waits on it. The order comes from the server's lock state
-- (pg_blocking_pids), not from when the next operation happens to be due: the first operation to wait
-- waits :hold seconds, and the lock is held :hold seconds plus the time that operation took to arrive.
-- Then a table of its own, so the change has something to verify and revert.
BEGIN;
LOCK TABLE fleet.odometer_readings, rental.rentals, rental.payments, accounting.journal_entries,
           iam.inbox_processed_messages, fleet.inbox_processed_messages, rental.inbox_processed_messages,
           maintenance.inbox_processed_messages, accounting.inbox_processed_messages
    IN ACCESS EXCLUSIVE MODE;
DO $$
BEGIN
    -- At most a minute: a workload that never comes leaves the wait unmeasured, and the test says so.
    FOR attempt IN 1..60000 LOOP
        EXIT WHEN EXISTS (
            SELECT FROM pg_stat_activity AS a
            WHERE a.application_name = 'fleetdb-online-workload'
              AND pg_backend_pid() = ANY (pg_blocking_pids(a.pid))
        );
        PERFORM pg_sleep(0.001);
    END LOOP;
END
$$;
SELECT pg_sleep(:'hold');
CREATE TABLE fleet.online_hold_probe (id integer);
COMMIT;
