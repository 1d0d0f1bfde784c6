-- Revert fleetdb:accounting_text_rules from pg

BEGIN;

SET LOCAL lock_timeout = '5s';

ALTER TABLE accounting.journal_lines
    DROP CONSTRAINT journal_lines_memo_length_ck;
ALTER TABLE accounting.journal_entries
    DROP CONSTRAINT journal_entries_description_length_ck,
    DROP CONSTRAINT journal_entries_external_reference_length_ck,
    DROP CONSTRAINT journal_entries_external_reference_canonical_ck;
ALTER TABLE accounting.accounts
    DROP CONSTRAINT accounts_name_length_ck,
    DROP CONSTRAINT accounts_code_length_ck;

COMMIT;
