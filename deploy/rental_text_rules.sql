-- Deploy fleetdb:rental_text_rules to pg
-- requires: rental_locations
-- requires: rental_customers
-- requires: rental_charges
-- requires: rental_payments
-- requires: shared_check_rollout

-- Canonical keys and length limits of the rental tables (docs/db/conventions.md, "Canonical forms"
-- and "Text limits"). No BEGIN/COMMIT: rows of v1.0 that break a rule stop the deploy before anything
-- changes, the checks are added NOT VALID, then validated table by table in later transactions
-- (shared_check_rollout). Deploying again after an interruption is safe.

SET lock_timeout = '5s';

-- The checks are added one table per transaction (one CALL each): a transaction that held one table
-- while it waited for the next deadlocked with application statements that lock them in the other
-- order (docs/db/changelog.md, "v1.1 scripts edited after the tag"). Every table's rows are checked
-- first, so rows of v1.0 that break a rule still stop the deploy before anything changes.

CALL shared.assert_rows_pass('rental.locations', ARRAY[
    ['locations_name_length_ck', 'char_length(name) <= 200'],
    ['locations_address_length_ck', 'char_length(address) <= 500'],
    ['locations_time_zone_length_ck', 'char_length(time_zone) <= 64']]);

CALL shared.assert_rows_pass('rental.customers', ARRAY[
    ['customers_full_name_length_ck', 'char_length(full_name) <= 200'],
    -- RENT-CANONICAL-KEYS: the e-mail rule of iam.users.
    ['customers_email_canonical_ck', $$email ~ '^[!-?A-~]+@[!-?A-~]+$'$$],
    ['customers_email_length_ck', 'char_length(email) <= 254'],
    ['customers_phone_length_ck', 'char_length(phone) <= 32'],
    -- Upper-case ASCII letters and digits only: spaces and hyphens printed on a licence are not part
    -- of its number, so ' L1', 'l1' and 'L-1' cannot stand beside 'L1'.
    ['customers_driver_licence_number_canonical_ck', $$driver_licence_number ~ '^[A-Z0-9]+$'$$],
    ['customers_driver_licence_number_length_ck', 'char_length(driver_licence_number) <= 32']]);

CALL shared.assert_rows_pass('rental.charges', ARRAY[
    ['charges_description_length_ck', 'char_length(description) <= 500']]);

CALL shared.assert_rows_pass('rental.payments', ARRAY[
    -- Lower-case ASCII letters and digits, words joined by single underscores: 'stripe', 'apple_pay'.
    ['payments_provider_canonical_ck', $$provider ~ '^[a-z0-9]+(_[a-z0-9]+)*$'$$],
    ['payments_provider_length_ck', 'char_length(provider) <= 32'],
    -- The provider's own id, compared exactly: printable ASCII without blanks.
    ['payments_provider_reference_canonical_ck', $$provider_reference ~ '^[!-~]+$'$$],
    ['payments_provider_reference_length_ck', 'char_length(provider_reference) <= 255']]);

CALL shared.assert_rows_pass('rental.refunds', ARRAY[
    ['refunds_provider_reference_canonical_ck', $$provider_reference ~ '^[!-~]+$'$$],
    ['refunds_provider_reference_length_ck', 'char_length(provider_reference) <= 255'],
    ['refunds_reason_length_ck', 'char_length(reason) <= 500']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['rental.locations', 'locations_name_length_ck', 'char_length(name) <= 200'],
    ['rental.locations', 'locations_address_length_ck', 'char_length(address) <= 500'],
    ['rental.locations', 'locations_time_zone_length_ck', 'char_length(time_zone) <= 64']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['rental.customers', 'customers_full_name_length_ck', 'char_length(full_name) <= 200'],
    -- RENT-CANONICAL-KEYS: the e-mail rule of iam.users.
    ['rental.customers', 'customers_email_canonical_ck', $$email ~ '^[!-?A-~]+@[!-?A-~]+$'$$],
    ['rental.customers', 'customers_email_length_ck', 'char_length(email) <= 254'],
    ['rental.customers', 'customers_phone_length_ck', 'char_length(phone) <= 32'],
    -- Upper-case ASCII letters and digits only: spaces and hyphens printed on a licence are not part
    -- of its number, so ' L1', 'l1' and 'L-1' cannot stand beside 'L1'.
    ['rental.customers', 'customers_driver_licence_number_canonical_ck', $$driver_licence_number ~ '^[A-Z0-9]+$'$$],
    ['rental.customers', 'customers_driver_licence_number_length_ck', 'char_length(driver_licence_number) <= 32']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['rental.charges', 'charges_description_length_ck', 'char_length(description) <= 500']]);

CALL shared.add_checks_not_valid(ARRAY[
    -- Lower-case ASCII letters and digits, words joined by single underscores: 'stripe', 'apple_pay'.
    ['rental.payments', 'payments_provider_canonical_ck', $$provider ~ '^[a-z0-9]+(_[a-z0-9]+)*$'$$],
    ['rental.payments', 'payments_provider_length_ck', 'char_length(provider) <= 32'],
    -- The provider's own id, compared exactly: printable ASCII without blanks.
    ['rental.payments', 'payments_provider_reference_canonical_ck', $$provider_reference ~ '^[!-~]+$'$$],
    ['rental.payments', 'payments_provider_reference_length_ck', 'char_length(provider_reference) <= 255']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['rental.refunds', 'refunds_provider_reference_canonical_ck', $$provider_reference ~ '^[!-~]+$'$$],
    ['rental.refunds', 'refunds_provider_reference_length_ck', 'char_length(provider_reference) <= 255'],
    ['rental.refunds', 'refunds_reason_length_ck', 'char_length(reason) <= 500']]);

CALL shared.validate_checks('rental.locations', ARRAY[
    'locations_name_length_ck', 'locations_address_length_ck', 'locations_time_zone_length_ck']);
CALL shared.validate_checks('rental.customers', ARRAY[
    'customers_full_name_length_ck', 'customers_email_canonical_ck', 'customers_email_length_ck',
    'customers_phone_length_ck', 'customers_driver_licence_number_canonical_ck',
    'customers_driver_licence_number_length_ck']);
CALL shared.validate_checks('rental.charges', ARRAY['charges_description_length_ck']);
CALL shared.validate_checks('rental.payments', ARRAY[
    'payments_provider_canonical_ck', 'payments_provider_length_ck', 'payments_provider_reference_canonical_ck',
    'payments_provider_reference_length_ck']);
CALL shared.validate_checks('rental.refunds', ARRAY[
    'refunds_provider_reference_canonical_ck', 'refunds_provider_reference_length_ck', 'refunds_reason_length_ck']);

RESET lock_timeout;
