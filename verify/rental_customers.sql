-- Verify fleetdb:rental_customers on pg

BEGIN;

SELECT shared.assert_table('rental.customers', ARRAY[
    'id uuid', 'full_name text', 'email text', 'phone text', 'driver_licence_number text',
    'driver_licence_country text', 'created_at timestamp with time zone', 'updated_at timestamp with time zone']);
SELECT shared.assert_constraints('rental.customers', ARRAY[
    'customers_pk', 'customers_driver_licence_uq', 'customers_driver_licence_country_format_ck',
    'customers_driver_licence_number_not_blank_ck', 'customers_full_name_not_blank_ck', 'customers_email_format_ck']);
SELECT shared.assert_triggers('rental.customers', ARRAY['customers_touch_updated_at_trg:shared.touch_updated_at()']);
SELECT shared.assert_grants('rental.customers', 'fleetdb_app', 'SELECT,INSERT,UPDATE');
SELECT shared.assert_grants('rental.customers', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
