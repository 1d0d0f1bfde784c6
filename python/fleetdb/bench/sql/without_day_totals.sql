-- The floor for the day totals (ACCT-DAY-TOTALS): the same posting through accounting.post_entry, every
-- other rule in force, without the trigger that adds the lines to their account-day totals.
DROP TRIGGER journal_lines_day_totals_trg ON accounting.journal_lines;
