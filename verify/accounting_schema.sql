-- Verify fleetdb:accounting_schema on pg

BEGIN;

SELECT shared.assert_schema('accounting');

ROLLBACK;
