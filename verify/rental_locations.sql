-- Verify fleetdb:rental_locations on pg

BEGIN;

SELECT shared.assert_table('rental.locations', ARRAY[
    'id uuid', 'code text', 'name text', 'address text', 'time_zone text',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']);
SELECT shared.assert_constraints('rental.locations', ARRAY[
    'locations_pk', 'locations_code_uq', 'locations_code_format_ck', 'locations_time_zone_not_blank_ck']);
SELECT shared.assert_triggers('rental.locations', ARRAY['locations_touch_updated_at_trg:shared.touch_updated_at()']);
SELECT shared.assert_grants('rental.locations', 'fleetdb_app', 'SELECT');
SELECT shared.assert_grants('rental.locations', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
