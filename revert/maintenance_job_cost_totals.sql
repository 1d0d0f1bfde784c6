-- Revert fleetdb:maintenance_job_cost_totals from pg

-- One table per transaction: holding job_parts while waiting for job_labour would deadlock with a unit
-- of work that wrote a labour line and then a part (the same lock order that deadlocked the reverts of
-- rental_text_rules and fleet_odometer_finite_times under load). The triggers go first, so no line
-- write is left waiting for the totals table when it is dropped. IF EXISTS: an interrupted revert runs
-- again, and a database deployed before the switch had start triggers has none.

BEGIN;
SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';
SET LOCAL client_min_messages = warning;  -- no NOTICE for an IF EXISTS that finds nothing
DROP TRIGGER IF EXISTS job_parts_totals_trg ON maintenance.job_parts;
DROP TRIGGER IF EXISTS job_parts_totals_start_trg ON maintenance.job_parts;
COMMIT;

BEGIN;
SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';
SET LOCAL client_min_messages = warning;  -- no NOTICE for an IF EXISTS that finds nothing
DROP TRIGGER IF EXISTS job_labour_totals_trg ON maintenance.job_labour;
DROP TRIGGER IF EXISTS job_labour_totals_start_trg ON maintenance.job_labour;
COMMIT;

BEGIN;
SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';
SET LOCAL client_min_messages = warning;  -- no NOTICE for an IF EXISTS that finds nothing
DROP FUNCTION IF EXISTS maintenance.job_parts_add_to_totals();
DROP FUNCTION IF EXISTS maintenance.job_labour_add_to_totals();
DROP FUNCTION IF EXISTS maintenance.job_cost_totals_start();
DROP TABLE IF EXISTS maintenance.job_cost_totals;
COMMIT;
