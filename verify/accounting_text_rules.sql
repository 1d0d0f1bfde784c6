-- Verify fleetdb:accounting_text_rules on pg

BEGIN;

SELECT shared.assert_constraints('accounting.accounts', ARRAY[
    'accounts_code_length_ck', 'accounts_name_length_ck']);
SELECT shared.assert_constraints('accounting.journal_entries', ARRAY[
    'journal_entries_external_reference_canonical_ck', 'journal_entries_external_reference_length_ck',
    'journal_entries_description_length_ck']);
SELECT shared.assert_constraints('accounting.journal_lines', ARRAY[
    'journal_lines_memo_length_ck']);

ROLLBACK;
