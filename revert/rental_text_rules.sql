-- Revert fleetdb:rental_text_rules from pg

-- No BEGIN/COMMIT: each ALTER TABLE is a transaction of its own and holds one table's ACCESS EXCLUSIVE
-- lock for a moment. With every table in one transaction, the revert held one table while it waited
-- for the next, and deadlocked with a unit of work that had written the second and then wanted the
-- first (fleetdb rehearse --under-load: rental_text_rules' revert and refunds, 40P01 in the
-- application). IF EXISTS: a revert interrupted half-way can run again.

SET lock_timeout = '5s';

ALTER TABLE rental.refunds
    DROP CONSTRAINT IF EXISTS refunds_reason_length_ck,
    DROP CONSTRAINT IF EXISTS refunds_provider_reference_length_ck,
    DROP CONSTRAINT IF EXISTS refunds_provider_reference_canonical_ck;
ALTER TABLE rental.payments
    DROP CONSTRAINT IF EXISTS payments_provider_reference_length_ck,
    DROP CONSTRAINT IF EXISTS payments_provider_reference_canonical_ck,
    DROP CONSTRAINT IF EXISTS payments_provider_length_ck,
    DROP CONSTRAINT IF EXISTS payments_provider_canonical_ck;
ALTER TABLE rental.charges
    DROP CONSTRAINT IF EXISTS charges_description_length_ck;
ALTER TABLE rental.customers
    DROP CONSTRAINT IF EXISTS customers_driver_licence_number_length_ck,
    DROP CONSTRAINT IF EXISTS customers_driver_licence_number_canonical_ck,
    DROP CONSTRAINT IF EXISTS customers_phone_length_ck,
    DROP CONSTRAINT IF EXISTS customers_email_length_ck,
    DROP CONSTRAINT IF EXISTS customers_email_canonical_ck,
    DROP CONSTRAINT IF EXISTS customers_full_name_length_ck;
ALTER TABLE rental.locations
    DROP CONSTRAINT IF EXISTS locations_time_zone_length_ck,
    DROP CONSTRAINT IF EXISTS locations_address_length_ck,
    DROP CONSTRAINT IF EXISTS locations_name_length_ck;

RESET lock_timeout;
