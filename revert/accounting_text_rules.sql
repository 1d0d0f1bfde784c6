-- Revert fleetdb:accounting_text_rules from pg

-- No BEGIN/COMMIT: each ALTER TABLE is a transaction of its own and holds one table's ACCESS EXCLUSIVE
-- lock for a moment. With every table in one transaction, the revert held one table while it waited
-- for the next, and deadlocked with a unit of work that had written the second and then wanted the
-- first (fleetdb rehearse --under-load: rental_text_rules' revert and refunds, 40P01 in the
-- application). IF EXISTS: a revert interrupted half-way can run again.

SET lock_timeout = '5s';

ALTER TABLE accounting.journal_lines
    DROP CONSTRAINT IF EXISTS journal_lines_memo_length_ck;
ALTER TABLE accounting.journal_entries
    DROP CONSTRAINT IF EXISTS journal_entries_description_length_ck,
    DROP CONSTRAINT IF EXISTS journal_entries_external_reference_length_ck,
    DROP CONSTRAINT IF EXISTS journal_entries_external_reference_canonical_ck;
ALTER TABLE accounting.accounts
    DROP CONSTRAINT IF EXISTS accounts_name_length_ck,
    DROP CONSTRAINT IF EXISTS accounts_code_length_ck;

RESET lock_timeout;
