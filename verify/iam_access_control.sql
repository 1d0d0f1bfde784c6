-- Verify fleetdb:iam_access_control on pg

BEGIN;

SELECT shared.assert_table('iam.roles', ARRAY[
    'id uuid', 'code text', 'name text', 'description text',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']);
SELECT shared.assert_constraints('iam.roles', ARRAY['roles_pk', 'roles_code_uq', 'roles_code_format_ck']);
SELECT shared.assert_triggers('iam.roles', ARRAY['roles_touch_updated_at_trg:shared.touch_updated_at()']);

SELECT shared.assert_table('iam.permissions', ARRAY[
    'id uuid', 'code text', 'description text',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']);
SELECT shared.assert_constraints('iam.permissions', ARRAY[
    'permissions_pk', 'permissions_code_uq', 'permissions_code_format_ck']);
SELECT shared.assert_triggers('iam.permissions', ARRAY['permissions_touch_updated_at_trg:shared.touch_updated_at()']);

SELECT shared.assert_table('iam.role_permissions', ARRAY[
    'role_id uuid', 'permission_id uuid', 'granted_by uuid', 'created_at timestamp with time zone']);
SELECT shared.assert_constraints('iam.role_permissions', ARRAY[
    'role_permissions_pk', 'role_permissions_role_fk', 'role_permissions_permission_fk',
    'role_permissions_granted_by_fk']);
SELECT shared.assert_indexes('iam.role_permissions', ARRAY[
    'role_permissions_permission_id_idx', 'role_permissions_granted_by_idx']);

SELECT shared.assert_table('iam.user_roles', ARRAY[
    'user_id uuid', 'role_id uuid', 'granted_by uuid', 'created_at timestamp with time zone']);
SELECT shared.assert_constraints('iam.user_roles', ARRAY[
    'user_roles_pk', 'user_roles_user_fk', 'user_roles_role_fk', 'user_roles_granted_by_fk']);
SELECT shared.assert_indexes('iam.user_roles', ARRAY['user_roles_role_id_idx', 'user_roles_granted_by_idx']);

SELECT shared.assert_grants('iam.roles', 'fleetdb_app', 'SELECT');
SELECT shared.assert_grants('iam.permissions', 'fleetdb_app', 'SELECT');
SELECT shared.assert_grants('iam.role_permissions', 'fleetdb_app', 'SELECT,INSERT,DELETE');
SELECT shared.assert_grants('iam.user_roles', 'fleetdb_app', 'SELECT,INSERT,DELETE');
SELECT shared.assert_grants('iam.roles', 'fleetdb_readonly', 'SELECT');
SELECT shared.assert_grants('iam.permissions', 'fleetdb_readonly', 'SELECT');
SELECT shared.assert_grants('iam.role_permissions', 'fleetdb_readonly', 'SELECT');
SELECT shared.assert_grants('iam.user_roles', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
