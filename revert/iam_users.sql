-- Revert fleetdb:iam_users from pg

BEGIN;

DROP TABLE iam.users;

COMMIT;
