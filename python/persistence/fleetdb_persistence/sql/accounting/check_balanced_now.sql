-- The balance triggers are deferred to commit; firing them here reports an unbalanced entry at the
-- call that posted it. Deferred again afterwards, since the next post_entry inserts its entry before
-- its lines.
SET CONSTRAINTS accounting.journal_entries_balanced_trg, accounting.journal_lines_balanced_trg IMMEDIATE;
SET CONSTRAINTS accounting.journal_entries_balanced_trg, accounting.journal_lines_balanced_trg DEFERRED
