-- Revert fleetdb:maintenance_text_rules from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE maintenance.job_labour
    DROP CONSTRAINT job_labour_technician_length_ck;
ALTER TABLE maintenance.job_parts
    DROP CONSTRAINT job_parts_description_length_ck,
    DROP CONSTRAINT job_parts_part_number_length_ck;
ALTER TABLE maintenance.jobs
    DROP CONSTRAINT jobs_notes_length_ck,
    DROP CONSTRAINT jobs_vendor_length_ck;

COMMIT;
