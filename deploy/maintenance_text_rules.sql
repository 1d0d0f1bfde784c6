-- Deploy fleetdb:maintenance_text_rules to pg
-- requires: maintenance_jobs
-- requires: maintenance_job_items
-- requires: shared_check_rollout

-- Length limits of the maintenance tables (docs/db/conventions.md, "Text limits"). No BEGIN/COMMIT:
-- rows of v1.0 that break a rule stop the deploy before anything changes, the checks are added
-- NOT VALID, then validated table by table in later transactions (shared_check_rollout). Deploying
-- again after an interruption is safe.

SET lock_timeout = '5s';

CALL shared.add_checks_not_valid(ARRAY[
    ['maintenance.jobs', 'jobs_vendor_length_ck', 'char_length(vendor) <= 200'],
    ['maintenance.jobs', 'jobs_notes_length_ck', 'char_length(notes) <= 4000'],
    ['maintenance.job_parts', 'job_parts_part_number_length_ck', 'char_length(part_number) <= 64'],
    ['maintenance.job_parts', 'job_parts_description_length_ck', 'char_length(description) <= 500'],
    ['maintenance.job_labour', 'job_labour_technician_length_ck', 'char_length(technician) <= 200']]);

CALL shared.validate_checks('maintenance.jobs', ARRAY['jobs_vendor_length_ck', 'jobs_notes_length_ck']);
CALL shared.validate_checks('maintenance.job_parts', ARRAY[
    'job_parts_part_number_length_ck', 'job_parts_description_length_ck']);
CALL shared.validate_checks('maintenance.job_labour', ARRAY['job_labour_technician_length_ck']);

RESET lock_timeout;
