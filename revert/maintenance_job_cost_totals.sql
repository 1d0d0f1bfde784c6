-- Revert fleetdb:maintenance_job_cost_totals from pg

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

DROP TRIGGER job_parts_totals_trg ON maintenance.job_parts;
DROP TRIGGER job_labour_totals_trg ON maintenance.job_labour;
DROP FUNCTION maintenance.job_parts_add_to_totals();
DROP FUNCTION maintenance.job_labour_add_to_totals();
DROP TABLE maintenance.job_cost_totals;

COMMIT;
