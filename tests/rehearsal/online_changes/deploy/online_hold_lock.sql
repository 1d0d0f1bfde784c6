-- Deploy fleetdb:online_hold_lock to pg
-- The yardstick of the online rehearsal's measurement: ACCESS EXCLUSIVE, held for :hold seconds (a
-- psql variable: --set hold=…), on every table the workload's operations start with, so the first
-- operation to wait arrives within one operation interval of the lock; then a table of its own, so
-- the change has something to verify and revert.
BEGIN;
LOCK TABLE fleet.odometer_readings, rental.rentals, rental.payments, accounting.journal_entries,
           iam.inbox_processed_messages, fleet.inbox_processed_messages, rental.inbox_processed_messages,
           maintenance.inbox_processed_messages, accounting.inbox_processed_messages
    IN ACCESS EXCLUSIVE MODE;
SELECT pg_sleep(:'hold');
CREATE TABLE fleet.online_hold_probe (id integer);
COMMIT;
