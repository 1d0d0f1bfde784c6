-- Verify fleetdb:rental_schema on pg

BEGIN;

SELECT shared.assert_schema('rental');

ROLLBACK;
