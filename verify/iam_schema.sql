-- Verify fleetdb:iam_schema on pg

BEGIN;

SELECT shared.assert_schema('iam');

ROLLBACK;
