-- Verify fleetdb:rental_text_rules on pg

BEGIN;

SELECT shared.assert_constraints('rental.locations', ARRAY[
    'locations_name_length_ck', 'locations_address_length_ck', 'locations_time_zone_length_ck']);
SELECT shared.assert_constraints('rental.customers', ARRAY[
    'customers_full_name_length_ck', 'customers_email_canonical_ck', 'customers_email_length_ck',
    'customers_phone_length_ck', 'customers_driver_licence_number_canonical_ck',
    'customers_driver_licence_number_length_ck']);
SELECT shared.assert_constraints('rental.charges', ARRAY[
    'charges_description_length_ck']);
SELECT shared.assert_constraints('rental.payments', ARRAY[
    'payments_provider_canonical_ck', 'payments_provider_length_ck',
    'payments_provider_reference_canonical_ck', 'payments_provider_reference_length_ck']);
SELECT shared.assert_constraints('rental.refunds', ARRAY[
    'refunds_provider_reference_canonical_ck', 'refunds_provider_reference_length_ck',
    'refunds_reason_length_ck']);

ROLLBACK;
