-- Revert fleetdb:maintenance_job_items from pg

BEGIN;

DROP TABLE maintenance.job_labour;
DROP TABLE maintenance.job_parts;

COMMIT;
