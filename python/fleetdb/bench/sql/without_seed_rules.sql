-- The seed's physical floor: the same tables with their primary keys and plain indexes, and no rule:
-- no check, foreign key, unique or exclusion constraint other than primary keys, and no trigger except
-- those that write rows the seed counts (outbox events, job cost and refund totals) or stamp updated_at.
-- What is left is writing the rows, their index entries and their events.
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN SELECT c.conrelid::regclass AS tbl, c.conname FROM pg_constraint AS c
                JOIN pg_namespace AS n ON n.oid = c.connamespace
                WHERE n.nspname IN ('iam', 'rental', 'fleet', 'maintenance', 'accounting', 'shared')
                  AND c.contype = 'f' LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', item.tbl, item.conname);
    END LOOP;
    FOR item IN SELECT c.conrelid::regclass AS tbl, c.conname FROM pg_constraint AS c
                JOIN pg_namespace AS n ON n.oid = c.connamespace
                WHERE n.nspname IN ('iam', 'rental', 'fleet', 'maintenance', 'accounting', 'shared')
                  AND c.contype IN ('c', 'u', 'x') AND c.conrelid <> 0 LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', item.tbl, item.conname);
    END LOOP;
    FOR item IN SELECT t.tgrelid::regclass AS tbl, t.tgname FROM pg_trigger AS t
                JOIN pg_class AS c ON c.oid = t.tgrelid JOIN pg_namespace AS n ON n.oid = c.relnamespace
                WHERE n.nspname IN ('iam', 'rental', 'fleet', 'maintenance', 'accounting') AND NOT t.tgisinternal
                  AND t.tgname !~ '(outbox|outbox_update|totals|touch_updated_at)_trg$'
                  AND t.tgname <> 'refunds_within_payment_trg' LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', item.tgname, item.tbl);
    END LOOP;
END
$$;
