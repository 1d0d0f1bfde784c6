-- Verify fleetdb:fleet_schema on pg

BEGIN;

SELECT shared.assert_schema('fleet');

ROLLBACK;
