-- Verify fleetdb:maintenance_text_rules on pg

BEGIN;

SELECT shared.assert_constraints('maintenance.jobs', ARRAY[
    'jobs_vendor_length_ck', 'jobs_notes_length_ck']);
SELECT shared.assert_constraints('maintenance.job_parts', ARRAY[
    'job_parts_part_number_length_ck', 'job_parts_description_length_ck']);
SELECT shared.assert_constraints('maintenance.job_labour', ARRAY[
    'job_labour_technician_length_ck']);

ROLLBACK;
