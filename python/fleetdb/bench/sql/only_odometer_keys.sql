-- What the foreign keys alone cost a bulk load of readings: the floor (no trigger, no check) with the
-- table's two foreign keys kept, each checked once per row (PostgreSQL 15 runs a key look-up per row).
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN SELECT tgname FROM pg_trigger
                WHERE tgrelid = 'fleet.odometer_readings'::regclass AND NOT tgisinternal LOOP
        EXECUTE format('DROP TRIGGER %I ON fleet.odometer_readings', item.tgname);
    END LOOP;
    FOR item IN SELECT conname FROM pg_constraint
                WHERE conrelid = 'fleet.odometer_readings'::regclass AND contype = 'c' LOOP
        EXECUTE format('ALTER TABLE fleet.odometer_readings DROP CONSTRAINT %I', item.conname);
    END LOOP;
END
$$;
