-- Revert fleetdb:maintenance_job_costs from pg

BEGIN;

DROP VIEW maintenance.job_costs;

COMMIT;
