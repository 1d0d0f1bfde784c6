-- Verify fleetdb:rental_charges on pg

BEGIN;

SELECT shared.assert_table('rental.charges', ARRAY[
    'id uuid', 'rental_id uuid', 'currency character(3)', 'kind text', 'amount_minor bigint', 'description text',
    'created_at timestamp with time zone']);
SELECT shared.assert_constraints('rental.charges', ARRAY[
    'charges_pk', 'charges_rental_currency_fk', 'charges_kind_ck', 'charges_amount_positive_ck']);
SELECT shared.assert_indexes('rental.charges', ARRAY['charges_rental_id_currency_idx']);
SELECT shared.assert_triggers('rental.charges', ARRAY[
    'charges_append_only_trg:shared.reject_mutation()', 'charges_no_truncate_trg:shared.reject_mutation()']);
SELECT shared.assert_grants('rental.charges', 'fleetdb_app', 'SELECT,INSERT');
SELECT shared.assert_grants('rental.charges', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
