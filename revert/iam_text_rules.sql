-- Revert fleetdb:iam_text_rules from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE iam.staff_profiles
    DROP CONSTRAINT staff_profiles_job_title_length_ck,
    DROP CONSTRAINT staff_profiles_employee_number_length_ck,
    DROP CONSTRAINT staff_profiles_employee_number_canonical_ck;
ALTER TABLE iam.permissions
    DROP CONSTRAINT permissions_description_length_ck,
    DROP CONSTRAINT permissions_code_length_ck;
ALTER TABLE iam.roles
    DROP CONSTRAINT roles_description_length_ck,
    DROP CONSTRAINT roles_name_length_ck,
    DROP CONSTRAINT roles_code_length_ck;
ALTER TABLE iam.external_identities
    DROP CONSTRAINT external_identities_subject_length_ck,
    DROP CONSTRAINT external_identities_subject_canonical_ck,
    DROP CONSTRAINT external_identities_issuer_length_ck,
    DROP CONSTRAINT external_identities_issuer_canonical_ck;
ALTER TABLE iam.users
    DROP CONSTRAINT users_display_name_length_ck,
    DROP CONSTRAINT users_email_length_ck,
    DROP CONSTRAINT users_email_canonical_ck;

COMMIT;
