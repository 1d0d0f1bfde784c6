-- Revert fleetdb:iam_staff_profiles from pg

BEGIN;

DROP TABLE iam.staff_profiles;

COMMIT;
