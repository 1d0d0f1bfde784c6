-- Deploy fleetdb:maintenance_text_rules to pg
-- requires: maintenance_jobs
-- requires: maintenance_job_items
-- requires: shared_check_rollout

-- Length limits of the maintenance tables (docs/db/conventions.md, "Text limits"). No BEGIN/COMMIT:
-- rows of v1.0 that break a rule stop the deploy before anything changes, the checks are added
-- NOT VALID, then validated table by table in later transactions (shared_check_rollout). Deploying
-- again after an interruption is safe.

SET lock_timeout = '5s';

-- The checks are added one table per transaction (one CALL each): a transaction that held one table
-- while it waited for the next deadlocked with application statements that lock them in the other
-- order (docs/db/changelog.md, "v1.1 scripts edited after the tag"). Every table's rows are checked
-- first, so rows of v1.0 that break a rule still stop the deploy before anything changes.

CALL shared.assert_rows_pass('maintenance.jobs', ARRAY[
    ['jobs_vendor_length_ck', 'char_length(vendor) <= 200'],
    ['jobs_notes_length_ck', 'char_length(notes) <= 4000']]);

CALL shared.assert_rows_pass('maintenance.job_parts', ARRAY[
    ['job_parts_part_number_length_ck', 'char_length(part_number) <= 64'],
    ['job_parts_description_length_ck', 'char_length(description) <= 500']]);

CALL shared.assert_rows_pass('maintenance.job_labour', ARRAY[
    ['job_labour_technician_length_ck', 'char_length(technician) <= 200']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['maintenance.jobs', 'jobs_vendor_length_ck', 'char_length(vendor) <= 200'],
    ['maintenance.jobs', 'jobs_notes_length_ck', 'char_length(notes) <= 4000']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['maintenance.job_parts', 'job_parts_part_number_length_ck', 'char_length(part_number) <= 64'],
    ['maintenance.job_parts', 'job_parts_description_length_ck', 'char_length(description) <= 500']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['maintenance.job_labour', 'job_labour_technician_length_ck', 'char_length(technician) <= 200']]);

CALL shared.validate_checks('maintenance.jobs', ARRAY['jobs_vendor_length_ck', 'jobs_notes_length_ck']);
CALL shared.validate_checks('maintenance.job_parts', ARRAY[
    'job_parts_part_number_length_ck', 'job_parts_description_length_ck']);
CALL shared.validate_checks('maintenance.job_labour', ARRAY['job_labour_technician_length_ck']);

RESET lock_timeout;
