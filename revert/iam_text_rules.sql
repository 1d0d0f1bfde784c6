-- Revert fleetdb:iam_text_rules from pg

-- No BEGIN/COMMIT: each ALTER TABLE is a transaction of its own and holds one table's ACCESS EXCLUSIVE
-- lock for a moment. With every table in one transaction, the revert held one table while it waited
-- for the next, and deadlocked with a unit of work that had written the second and then wanted the
-- first (fleetdb rehearse --under-load: rental_text_rules' revert and refunds, 40P01 in the
-- application). IF EXISTS: a revert interrupted half-way can run again.

SET lock_timeout = '5s';

ALTER TABLE iam.staff_profiles
    DROP CONSTRAINT IF EXISTS staff_profiles_job_title_length_ck,
    DROP CONSTRAINT IF EXISTS staff_profiles_employee_number_length_ck,
    DROP CONSTRAINT IF EXISTS staff_profiles_employee_number_canonical_ck;
ALTER TABLE iam.permissions
    DROP CONSTRAINT IF EXISTS permissions_description_length_ck,
    DROP CONSTRAINT IF EXISTS permissions_code_length_ck;
ALTER TABLE iam.roles
    DROP CONSTRAINT IF EXISTS roles_description_length_ck,
    DROP CONSTRAINT IF EXISTS roles_name_length_ck,
    DROP CONSTRAINT IF EXISTS roles_code_length_ck;
ALTER TABLE iam.external_identities
    DROP CONSTRAINT IF EXISTS external_identities_subject_length_ck,
    DROP CONSTRAINT IF EXISTS external_identities_subject_canonical_ck,
    DROP CONSTRAINT IF EXISTS external_identities_issuer_length_ck,
    DROP CONSTRAINT IF EXISTS external_identities_issuer_canonical_ck;
ALTER TABLE iam.users
    DROP CONSTRAINT IF EXISTS users_display_name_length_ck,
    DROP CONSTRAINT IF EXISTS users_email_length_ck,
    DROP CONSTRAINT IF EXISTS users_email_canonical_ck;

RESET lock_timeout;
