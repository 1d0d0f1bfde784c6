-- Verify fleetdb:outbox_publish_set_based on pg

BEGIN;

SELECT shared.assert_function('rental.rentals_publish()', p_security_definer => true);
SELECT shared.assert_function('rental.rentals_reject_id_change()');
SELECT shared.assert_function('accounting.journal_entries_publish()', p_security_definer => true);
SELECT shared.assert_function('accounting.journal_lines_check_same_transaction()');
SELECT shared.assert_triggers('rental.rentals', ARRAY[
    'rentals_outbox_trg:rental.rentals_publish()',
    'rentals_outbox_update_trg:rental.rentals_publish()',
    'rentals_id_immutable_trg:rental.rentals_reject_id_change()']);
SELECT shared.assert_triggers('accounting.journal_entries', ARRAY[
    'journal_entries_outbox_trg:accounting.journal_entries_publish()']);
SELECT shared.assert_triggers('accounting.journal_lines', ARRAY[
    'journal_lines_same_transaction_trg:accounting.journal_lines_check_same_transaction()']);
-- Fired once per statement, after it, with its rows as transition tables (tgtype: bit 0 = row,
-- bit 1 = before, bit 2 = insert, bit 4 = update).
DO $$
DECLARE
    wrong text;
BEGIN
    SELECT string_agg(want.tbl || '.' || want.name, ', ') INTO wrong
    FROM (VALUES ('rental.rentals', 'rentals_outbox_trg', 4, NULL, 'new_rentals'),
                 ('rental.rentals', 'rentals_outbox_update_trg', 16, 'old_rentals', 'new_rentals'),
                 ('accounting.journal_entries', 'journal_entries_outbox_trg', 4, NULL, 'new_entries'),
                 ('accounting.journal_lines', 'journal_lines_same_transaction_trg', 4, NULL, 'new_lines'))
         AS want(tbl, name, tgtype, old_table, new_table)
    LEFT JOIN pg_trigger AS t ON t.tgrelid = want.tbl::regclass AND t.tgname = want.name
    WHERE t.tgname IS NULL OR t.tgtype & 31 <> want.tgtype OR t.tgoldtable IS DISTINCT FROM want.old_table
       OR t.tgnewtable IS DISTINCT FROM want.new_table;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'not AFTER ... FOR EACH STATEMENT with the expected transition tables: %', wrong;
    END IF;
    -- The id guard fires per row, before an UPDATE that names id, only when the id changes.
    IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = 'rental.rentals'::regclass
                   AND tgname = 'rentals_id_immutable_trg' AND tgtype & 19 = 19 AND tgqual IS NOT NULL) THEN
        RAISE EXCEPTION 'rentals_id_immutable_trg is not BEFORE UPDATE FOR EACH ROW WHEN (...)';
    END IF;
END
$$;

ROLLBACK;
