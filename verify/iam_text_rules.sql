-- Verify fleetdb:iam_text_rules on pg

BEGIN;

SELECT shared.assert_constraints('iam.users', ARRAY[
    'users_email_canonical_ck', 'users_email_length_ck', 'users_display_name_length_ck']);
SELECT shared.assert_constraints('iam.external_identities', ARRAY[
    'external_identities_issuer_canonical_ck', 'external_identities_issuer_length_ck',
    'external_identities_subject_canonical_ck', 'external_identities_subject_length_ck']);
SELECT shared.assert_constraints('iam.roles', ARRAY[
    'roles_code_length_ck', 'roles_name_length_ck', 'roles_description_length_ck']);
SELECT shared.assert_constraints('iam.permissions', ARRAY[
    'permissions_code_length_ck', 'permissions_description_length_ck']);
SELECT shared.assert_constraints('iam.staff_profiles', ARRAY[
    'staff_profiles_employee_number_canonical_ck', 'staff_profiles_employee_number_length_ck',
    'staff_profiles_job_title_length_ck']);

ROLLBACK;
