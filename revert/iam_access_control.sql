-- Revert fleetdb:iam_access_control from pg

BEGIN;

DROP TABLE iam.user_roles;
DROP TABLE iam.role_permissions;
DROP TABLE iam.permissions;
DROP TABLE iam.roles;

COMMIT;
