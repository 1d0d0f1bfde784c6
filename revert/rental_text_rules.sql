-- Revert fleetdb:rental_text_rules from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE rental.refunds
    DROP CONSTRAINT refunds_reason_length_ck,
    DROP CONSTRAINT refunds_provider_reference_length_ck,
    DROP CONSTRAINT refunds_provider_reference_canonical_ck;
ALTER TABLE rental.payments
    DROP CONSTRAINT payments_provider_reference_length_ck,
    DROP CONSTRAINT payments_provider_reference_canonical_ck,
    DROP CONSTRAINT payments_provider_length_ck,
    DROP CONSTRAINT payments_provider_canonical_ck;
ALTER TABLE rental.charges
    DROP CONSTRAINT charges_description_length_ck;
ALTER TABLE rental.customers
    DROP CONSTRAINT customers_driver_licence_number_length_ck,
    DROP CONSTRAINT customers_driver_licence_number_canonical_ck,
    DROP CONSTRAINT customers_phone_length_ck,
    DROP CONSTRAINT customers_email_length_ck,
    DROP CONSTRAINT customers_email_canonical_ck,
    DROP CONSTRAINT customers_full_name_length_ck;
ALTER TABLE rental.locations
    DROP CONSTRAINT locations_time_zone_length_ck,
    DROP CONSTRAINT locations_address_length_ck,
    DROP CONSTRAINT locations_name_length_ck;

COMMIT;
