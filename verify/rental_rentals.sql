-- Verify fleetdb:rental_rentals on pg

BEGIN;

SELECT shared.assert_table('rental.rentals', ARRAY[
    'id uuid', 'vehicle_id uuid', 'customer_id uuid', 'pickup_location_id uuid', 'return_location_id uuid',
    'period tstzrange', 'status text', 'currency character(3)',
    'created_at timestamp with time zone', 'updated_at timestamp with time zone']);
SELECT shared.assert_constraints('rental.rentals', ARRAY[
    'rentals_pk', 'rentals_id_currency_uq', 'rentals_vehicle_fk', 'rentals_customer_fk',
    'rentals_pickup_location_fk', 'rentals_return_location_fk', 'rentals_currency_fk', 'rentals_status_ck',
    'rentals_period_half_open_ck', 'rentals_no_overlap_excl']);
SELECT shared.assert_indexes('rental.rentals', ARRAY[
    'rentals_vehicle_id_pickup_idx', 'rentals_customer_id_pickup_idx', 'rentals_pickup_location_period_idx',
    'rentals_return_location_id_idx', 'rentals_currency_idx']);
SELECT shared.assert_function('rental.rentals_check_status_transition()');
SELECT shared.assert_function('rental.rentals_check_vehicle_bookable()', p_security_definer => true);
SELECT shared.assert_triggers('rental.rentals', ARRAY[
    'rentals_status_transition_trg:rental.rentals_check_status_transition()',
    'rentals_vehicle_bookable_trg:rental.rentals_check_vehicle_bookable()',
    'rentals_touch_updated_at_trg:shared.touch_updated_at()']);
SELECT shared.assert_grants('rental.rentals', 'fleetdb_app', 'SELECT,INSERT,UPDATE');
SELECT shared.assert_grants('rental.rentals', 'fleetdb_readonly', 'SELECT');

DO $$
BEGIN
    -- The exclusion must stay partial on the live statuses and use = / && on (vehicle_id, period).
    IF NOT EXISTS (SELECT FROM pg_constraint c JOIN pg_index i ON i.indexrelid = c.conindid
                   WHERE c.conrelid = 'rental.rentals'::regclass AND c.conname = 'rentals_no_overlap_excl'
                     AND pg_get_constraintdef(c.oid) = 'EXCLUDE USING gist (vehicle_id WITH =, period WITH &&) '
                         || 'WHERE ((status = ANY (ARRAY[''reserved''::text, ''active''::text])))') THEN
        RAISE EXCEPTION 'rental.rentals: rentals_no_overlap_excl is not EXCLUDE (vehicle_id =, period &&) WHERE reserved/active';
    END IF;
END
$$;

ROLLBACK;
