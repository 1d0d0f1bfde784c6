-- Deploy fleetdb:accounting_text_rules to pg
-- requires: accounting_accounts
-- requires: accounting_entries
-- requires: shared_check_rollout

-- Canonical references and length limits of the accounting tables (docs/db/conventions.md,
-- "Canonical forms" and "Text limits"). No BEGIN/COMMIT: rows of v1.0 that break a rule stop the
-- deploy before anything changes, the checks are added NOT VALID, then validated table by table in
-- later transactions (shared_check_rollout). Deploying again after an interruption is safe.

SET lock_timeout = '5s';

-- The checks are added one table per transaction (one CALL each): a transaction that held one table
-- while it waited for the next deadlocked with application statements that lock them in the other
-- order (docs/db/changelog.md, "v1.1 scripts edited after the tag"). Every table's rows are checked
-- first, so rows of v1.0 that break a rule still stop the deploy before anything changes.

CALL shared.assert_rows_pass('accounting.accounts', ARRAY[
    ['accounts_code_length_ck', 'char_length(code) <= 32'],
    ['accounts_name_length_ck', 'char_length(name) <= 200']]);

CALL shared.assert_rows_pass('accounting.journal_entries', ARRAY[
    -- ACCT-CANONICAL-KEYS: the business event's id, compared exactly: printable ASCII without blanks.
    ['journal_entries_external_reference_canonical_ck',
     $$external_reference ~ '^[!-~]+$'$$],
    ['journal_entries_external_reference_length_ck',
     'char_length(external_reference) <= 255'],
    ['journal_entries_description_length_ck', 'char_length(description) <= 500']]);

CALL shared.assert_rows_pass('accounting.journal_lines', ARRAY[
    ['journal_lines_memo_length_ck', 'char_length(memo) <= 500']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['accounting.accounts', 'accounts_code_length_ck', 'char_length(code) <= 32'],
    ['accounting.accounts', 'accounts_name_length_ck', 'char_length(name) <= 200']]);

CALL shared.add_checks_not_valid(ARRAY[
    -- ACCT-CANONICAL-KEYS: the business event's id, compared exactly: printable ASCII without blanks.
    ['accounting.journal_entries', 'journal_entries_external_reference_canonical_ck',
     $$external_reference ~ '^[!-~]+$'$$],
    ['accounting.journal_entries', 'journal_entries_external_reference_length_ck',
     'char_length(external_reference) <= 255'],
    ['accounting.journal_entries', 'journal_entries_description_length_ck', 'char_length(description) <= 500']]);

CALL shared.add_checks_not_valid(ARRAY[
    ['accounting.journal_lines', 'journal_lines_memo_length_ck', 'char_length(memo) <= 500']]);

CALL shared.validate_checks('accounting.accounts', ARRAY['accounts_code_length_ck', 'accounts_name_length_ck']);
CALL shared.validate_checks('accounting.journal_entries', ARRAY[
    'journal_entries_external_reference_canonical_ck', 'journal_entries_external_reference_length_ck',
    'journal_entries_description_length_ck']);
CALL shared.validate_checks('accounting.journal_lines', ARRAY['journal_lines_memo_length_ck']);

RESET lock_timeout;
