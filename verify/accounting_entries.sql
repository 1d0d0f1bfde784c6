-- Verify fleetdb:accounting_entries on pg

BEGIN;

SELECT shared.assert_table('accounting.journal_entries', ARRAY[
    'id uuid', 'posting_date date', 'source text', 'external_reference text', 'currency character(3)',
    'description text', 'reverses_entry_id uuid', 'created_txid xid8', 'created_at timestamp with time zone']);
SELECT shared.assert_constraints('accounting.journal_entries', ARRAY[
    'journal_entries_pk', 'journal_entries_source_reference_uq', 'journal_entries_id_currency_uq',
    'journal_entries_id_currency_date_uq', 'journal_entries_currency_fk', 'journal_entries_reverses_fk',
    'journal_entries_reverses_once_uq', 'journal_entries_not_self_reversal_ck', 'journal_entries_source_ck',
    'journal_entries_external_reference_not_blank_ck',
    'journal_entries_balanced_trg'], p_deferred => ARRAY['journal_entries_balanced_trg']);
SELECT shared.assert_indexes('accounting.journal_entries', ARRAY[
    'journal_entries_currency_idx', 'journal_entries_posting_date_idx']);
SELECT shared.assert_function('accounting.journal_entries_stamp_txid()');
SELECT shared.assert_function('accounting.journal_lines_check_same_transaction()');
SELECT shared.assert_function('accounting.journal_entries_check_balanced()');
SELECT shared.assert_triggers('accounting.journal_entries', ARRAY[
    'journal_entries_stamp_txid_trg:accounting.journal_entries_stamp_txid()',
    'journal_entries_balanced_trg:accounting.journal_entries_check_balanced()',
    'journal_entries_append_only_trg:shared.reject_mutation()',
    'journal_entries_no_truncate_trg:shared.reject_mutation()']);

SELECT shared.assert_table('accounting.journal_lines', ARRAY[
    'id uuid', 'entry_id uuid', 'account_id uuid', 'currency character(3)', 'posting_date date',
    'amount_minor bigint', 'memo text', 'created_at timestamp with time zone']);
SELECT shared.assert_constraints('accounting.journal_lines', ARRAY[
    'journal_lines_pk', 'journal_lines_entry_fk', 'journal_lines_account_fk', 'journal_lines_amount_nonzero_ck',
    'journal_lines_balanced_trg'], p_deferred => ARRAY['journal_lines_balanced_trg']);
SELECT shared.assert_indexes('accounting.journal_lines', ARRAY[
    'journal_lines_entry_id_idx', 'journal_lines_account_id_posting_date_idx']);
SELECT shared.assert_triggers('accounting.journal_lines', ARRAY[
    'journal_lines_same_transaction_trg:accounting.journal_lines_check_same_transaction()',
    'journal_lines_balanced_trg:accounting.journal_entries_check_balanced()',
    'journal_lines_append_only_trg:shared.reject_mutation()',
    'journal_lines_no_truncate_trg:shared.reject_mutation()']);

SELECT shared.assert_grants('accounting.journal_entries', 'fleetdb_app', 'SELECT');
SELECT shared.assert_grants('accounting.journal_lines', 'fleetdb_app', 'SELECT');
SELECT shared.assert_grants('accounting.journal_entries', 'fleetdb_readonly', 'SELECT');
SELECT shared.assert_grants('accounting.journal_lines', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
