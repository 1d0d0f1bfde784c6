-- The floor for postings: the same tables without the balance, same-transaction and stamp triggers, and
-- without the day totals the posting writes (ACCT-DAY-TOTALS): the posting's price includes them.
DROP TRIGGER journal_entries_balanced_trg ON accounting.journal_entries;
DROP TRIGGER journal_lines_same_transaction_trg ON accounting.journal_lines;
DROP TRIGGER journal_lines_balanced_trg ON accounting.journal_lines;
DROP TRIGGER journal_entries_stamp_txid_trg ON accounting.journal_entries;
DROP TRIGGER journal_lines_day_totals_trg ON accounting.journal_lines;
