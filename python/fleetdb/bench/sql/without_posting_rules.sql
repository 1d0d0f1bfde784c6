-- The floor for postings: the same tables without the balance, same-transaction and stamp triggers. The
-- rows the posting derives stay, as they would in any design: the entry's outbox event and the lines' day
-- totals (what the day totals cost alone is the next row, without_day_totals.sql).
DROP TRIGGER journal_entries_balanced_trg ON accounting.journal_entries;
DROP TRIGGER journal_lines_same_transaction_trg ON accounting.journal_lines;
DROP TRIGGER journal_lines_balanced_trg ON accounting.journal_lines;
DROP TRIGGER journal_entries_stamp_txid_trg ON accounting.journal_entries;
