-- Verify fleetdb:iam_users on pg

BEGIN;

SELECT shared.assert_table('iam.users', ARRAY[
    'id uuid', 'email text', 'display_name text', 'status text',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']);
SELECT shared.assert_constraints('iam.users', ARRAY[
    'users_pk', 'users_email_format_ck', 'users_display_name_not_blank_ck', 'users_status_ck']);
SELECT shared.assert_indexes('iam.users', ARRAY['users_pk', 'users_email_lower_uq'],
    p_unique => ARRAY['users_pk', 'users_email_lower_uq']);
SELECT shared.assert_triggers('iam.users', ARRAY['users_touch_updated_at_trg:shared.touch_updated_at()']);
SELECT shared.assert_grants('iam.users', 'fleetdb_app', 'SELECT,INSERT,UPDATE');
SELECT shared.assert_grants('iam.users', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
