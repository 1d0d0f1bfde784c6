-- Deploy fleetdb:accounting_text_rules to pg
-- requires: accounting_accounts
-- requires: accounting_entries
-- requires: shared_check_rollout

-- Canonical references and length limits of the accounting tables (docs/db/conventions.md,
-- "Canonical forms" and "Text limits"). No BEGIN/COMMIT: rows of v1.0 that break a rule stop the
-- deploy before anything changes, the checks are added NOT VALID, then validated table by table in
-- later transactions (shared_check_rollout). Deploying again after an interruption is safe.

SET lock_timeout = '5s';

CALL shared.add_checks_not_valid(ARRAY[
    ['accounting.accounts', 'accounts_code_length_ck', 'char_length(code) <= 32'],
    ['accounting.accounts', 'accounts_name_length_ck', 'char_length(name) <= 200'],
    -- ACCT-CANONICAL-KEYS: the business event's id, compared exactly: printable ASCII without blanks.
    ['accounting.journal_entries', 'journal_entries_external_reference_canonical_ck',
     $$external_reference ~ '^[!-~]+$'$$],
    ['accounting.journal_entries', 'journal_entries_external_reference_length_ck',
     'char_length(external_reference) <= 255'],
    ['accounting.journal_entries', 'journal_entries_description_length_ck', 'char_length(description) <= 500'],
    ['accounting.journal_lines', 'journal_lines_memo_length_ck', 'char_length(memo) <= 500']]);

CALL shared.validate_checks('accounting.accounts', ARRAY['accounts_code_length_ck', 'accounts_name_length_ck']);
CALL shared.validate_checks('accounting.journal_entries', ARRAY[
    'journal_entries_external_reference_canonical_ck', 'journal_entries_external_reference_length_ck',
    'journal_entries_description_length_ck']);
CALL shared.validate_checks('accounting.journal_lines', ARRAY['journal_lines_memo_length_ck']);

RESET lock_timeout;
