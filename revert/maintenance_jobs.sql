-- Revert fleetdb:maintenance_jobs from pg

BEGIN;

DROP TABLE maintenance.jobs;
DROP FUNCTION maintenance.jobs_check_status_transition();

COMMIT;
