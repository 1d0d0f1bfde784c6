-- Verify fleetdb:fleet_vehicle_guards on pg

BEGIN;

SELECT shared.assert_table('fleet.vehicle_guards', ARRAY[
    'vehicle_id uuid', 'concern text', 'version bigint', 'created_at timestamp with time zone']);
SELECT shared.assert_constraints('fleet.vehicle_guards', ARRAY['vehicle_guards_pk', 'vehicle_guards_concern_ck']);
SELECT shared.assert_grants('fleet.vehicle_guards', 'fleetdb_app', '');
SELECT shared.assert_grants('fleet.vehicle_guards', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
