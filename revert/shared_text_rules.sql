-- Revert fleetdb:shared_text_rules from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE shared.previous_owners
    DROP CONSTRAINT previous_owners_object_name_length_ck;
ALTER TABLE shared.currencies
    DROP CONSTRAINT currencies_name_length_ck;

COMMIT;
