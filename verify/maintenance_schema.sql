-- Verify fleetdb:maintenance_schema on pg

BEGIN;

SELECT shared.assert_schema('maintenance');

ROLLBACK;
