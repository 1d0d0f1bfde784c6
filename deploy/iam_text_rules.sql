-- Deploy fleetdb:iam_text_rules to pg
-- requires: iam_users
-- requires: iam_external_identities
-- requires: iam_access_control
-- requires: iam_staff_profiles
-- requires: shared_check_rollout

-- Canonical keys and length limits of the iam tables (docs/db/conventions.md, "Canonical forms" and
-- "Text limits"). No BEGIN/COMMIT: rows of v1.0 that break a rule stop the deploy before anything
-- changes, the checks are added NOT VALID, then validated table by table in later transactions
-- (shared_check_rollout). Deploying again after an interruption is safe.

SET lock_timeout = '5s';

-- The checks are added one table per transaction (one CALL each): a transaction that held one table
-- while it waited for the next deadlocked with application statements that lock them in the other
-- order (docs/db/changelog.md, "v1.1 scripts edited after the tag"). Every table's rows are checked
-- first, so rows of v1.0 that break a rule still stop the deploy before anything changes.

CALL shared.assert_rows_pass('iam.users', ARRAY[
    -- IAM-CANONICAL-KEYS: printable ASCII without blanks, one @ (invisible, control and look-alike
    -- characters are not ASCII or not printable); unique case-insensitively by users_email_lower_uq.
    ['users_email_canonical_ck', $$email ~ '^[!-?A-~]+@[!-?A-~]+$'$$],
    ['users_email_length_ck', 'char_length(email) <= 254'],
    ['users_display_name_length_ck', 'char_length(display_name) <= 200']]);

CALL shared.assert_rows_pass('iam.external_identities', ARRAY[
    -- The IdP's identifiers, compared exactly: printable ASCII without blanks (OpenID Connect).
    ['external_identities_issuer_canonical_ck', $$issuer ~ '^[!-~]+$'$$],
    ['external_identities_issuer_length_ck', 'char_length(issuer) <= 255'],
    ['external_identities_subject_canonical_ck', $$subject ~ '^[!-~]+$'$$],
    ['external_identities_subject_length_ck', 'char_length(subject) <= 255']]);

CALL shared.assert_rows_pass('iam.roles', ARRAY[
    ['roles_code_length_ck', 'char_length(code) <= 64'],
    ['roles_name_length_ck', 'char_length(name) <= 100'],
    ['roles_description_length_ck', 'char_length(description) <= 500']]);

CALL shared.assert_rows_pass('iam.permissions', ARRAY[
    ['permissions_code_length_ck', 'char_length(code) <= 128'],
    ['permissions_description_length_ck', 'char_length(description) <= 500']]);

CALL shared.assert_rows_pass('iam.staff_profiles', ARRAY[
    -- Upper-case ASCII letters and digits, groups joined by single hyphens.
    ['staff_profiles_employee_number_canonical_ck',
     $$employee_number ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$'$$],
    ['staff_profiles_employee_number_length_ck', 'char_length(employee_number) <= 20'],
    ['staff_profiles_job_title_length_ck', 'char_length(job_title) <= 100']]);

CALL shared.add_checks_not_valid(ARRAY[
    -- IAM-CANONICAL-KEYS: printable ASCII without blanks, one @ (invisible, control and look-alike
    -- characters are not ASCII or not printable); unique case-insensitively by users_email_lower_uq.
    ['iam.users', 'users_email_canonical_ck', $$email ~ '^[!-?A-~]+@[!-?A-~]+$'$$],
    ['iam.users', 'users_email_length_ck', 'char_length(email) <= 254'],
    ['iam.users', 'users_display_name_length_ck', 'char_length(display_name) <= 200']]);

CALL shared.add_checks_not_valid(ARRAY[
    -- The IdP's identifiers, compared exactly: printable ASCII without blanks (OpenID Connect).
    ['iam.external_identities', 'external_identities_issuer_canonical_ck', $$issuer ~ '^[!-~]+$'$$],
    ['iam.external_identities', 'external_identities_issuer_length_ck', 'char_length(issuer) <= 255'],
    ['iam.external_identities', 'external_identities_subject_canonical_ck', $$subject ~ '^[!-~]+$'$$],
    ['iam.external_identities', 'external_identities_subject_length_ck', 'char_length(subject) <= 255']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['iam.roles', 'roles_code_length_ck', 'char_length(code) <= 64'],
    ['iam.roles', 'roles_name_length_ck', 'char_length(name) <= 100'],
    ['iam.roles', 'roles_description_length_ck', 'char_length(description) <= 500']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['iam.permissions', 'permissions_code_length_ck', 'char_length(code) <= 128'],
    ['iam.permissions', 'permissions_description_length_ck', 'char_length(description) <= 500']]);

CALL shared.add_checks_not_valid(ARRAY[
    -- Upper-case ASCII letters and digits, groups joined by single hyphens.
    ['iam.staff_profiles', 'staff_profiles_employee_number_canonical_ck',
     $$employee_number ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$'$$],
    ['iam.staff_profiles', 'staff_profiles_employee_number_length_ck', 'char_length(employee_number) <= 20'],
    ['iam.staff_profiles', 'staff_profiles_job_title_length_ck', 'char_length(job_title) <= 100']]);

CALL shared.validate_checks('iam.users', ARRAY[
    'users_email_canonical_ck', 'users_email_length_ck', 'users_display_name_length_ck']);
CALL shared.validate_checks('iam.external_identities', ARRAY[
    'external_identities_issuer_canonical_ck', 'external_identities_issuer_length_ck',
    'external_identities_subject_canonical_ck', 'external_identities_subject_length_ck']);
CALL shared.validate_checks('iam.roles', ARRAY[
    'roles_code_length_ck', 'roles_name_length_ck', 'roles_description_length_ck']);
CALL shared.validate_checks('iam.permissions', ARRAY[
    'permissions_code_length_ck', 'permissions_description_length_ck']);
CALL shared.validate_checks('iam.staff_profiles', ARRAY[
    'staff_profiles_employee_number_canonical_ck', 'staff_profiles_employee_number_length_ck',
    'staff_profiles_job_title_length_ck']);

RESET lock_timeout;
