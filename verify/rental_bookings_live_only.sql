-- Verify fleetdb:rental_bookings_live_only on pg

BEGIN;

SELECT shared.assert_triggers('rental.rentals', ARRAY[
    'rentals_vehicle_bookable_trg:rental.rentals_check_vehicle_bookable()',
    'rentals_no_maintenance_overlap_trg:rental.rentals_check_maintenance_overlap()']);
-- BEFORE INSERT OR UPDATE, per row (tgtype 23), filtered on the new row's status only.
DO $$
DECLARE
    wrong text;
BEGIN
    SELECT string_agg(want.name, ', ') INTO wrong
    FROM unnest(ARRAY['rentals_vehicle_bookable_trg', 'rentals_no_maintenance_overlap_trg']) AS want(name)
    LEFT JOIN pg_trigger AS t ON t.tgrelid = 'rental.rentals'::regclass AND t.tgname = want.name
    WHERE t.tgname IS NULL OR t.tgtype & 31 <> 23
       OR pg_get_triggerdef(t.oid) NOT LIKE '%WHEN ((new.status = ANY (ARRAY[''reserved''::text, ''active''::text])))%';
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'not BEFORE INSERT OR UPDATE FOR EACH ROW WHEN (NEW.status IN (''reserved'', ''active'')): %', wrong;
    END IF;
END
$$;

ROLLBACK;
