-- The physical floor of a bulk load of readings: the table with its primary key and its index, and no
-- rule at all (no trigger, foreign key or check), so nothing but the rows and their index entries is written.
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN SELECT tgname FROM pg_trigger
                WHERE tgrelid = 'fleet.odometer_readings'::regclass AND NOT tgisinternal LOOP
        EXECUTE format('DROP TRIGGER %I ON fleet.odometer_readings', item.tgname);
    END LOOP;
    FOR item IN SELECT conname FROM pg_constraint
                WHERE conrelid = 'fleet.odometer_readings'::regclass AND contype IN ('c', 'f') LOOP
        EXECUTE format('ALTER TABLE fleet.odometer_readings DROP CONSTRAINT %I', item.conname);
    END LOOP;
END
$$;
