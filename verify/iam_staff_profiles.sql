-- Verify fleetdb:iam_staff_profiles on pg

BEGIN;

SELECT shared.assert_table('iam.staff_profiles', ARRAY[
    'id uuid', 'user_id uuid', 'employee_number text', 'home_location_id uuid', 'job_title text',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']);
SELECT shared.assert_constraints('iam.staff_profiles', ARRAY[
    'staff_profiles_pk', 'staff_profiles_user_fk', 'staff_profiles_user_id_uq', 'staff_profiles_employee_number_uq',
    'staff_profiles_home_location_fk', 'staff_profiles_employee_number_not_blank_ck']);
SELECT shared.assert_indexes('iam.staff_profiles', ARRAY['staff_profiles_home_location_id_idx']);
SELECT shared.assert_triggers('iam.staff_profiles', ARRAY[
    'staff_profiles_touch_updated_at_trg:shared.touch_updated_at()']);
SELECT shared.assert_grants('iam.staff_profiles', 'fleetdb_app', 'SELECT,INSERT,UPDATE');
SELECT shared.assert_grants('iam.staff_profiles', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
