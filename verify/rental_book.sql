-- Verify fleetdb:rental_book on pg

BEGIN;

SELECT shared.assert_function('rental.book(uuid, uuid, uuid, uuid, tstzrange, char)', p_security_definer => true);

DO $$
BEGIN
    IF NOT has_function_privilege('fleetdb_app', 'rental.book(uuid, uuid, uuid, uuid, tstzrange, char)', 'EXECUTE') THEN
        RAISE EXCEPTION 'fleetdb_app cannot execute rental.book';
    END IF;
END
$$;

ROLLBACK;
