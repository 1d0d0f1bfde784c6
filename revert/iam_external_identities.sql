-- Revert fleetdb:iam_external_identities from pg

BEGIN;

DROP TABLE iam.external_identities;

COMMIT;
