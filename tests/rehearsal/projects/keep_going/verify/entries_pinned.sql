-- Verify notes:entries_pinned
BEGIN;
-- TODO: check that notes.entries.pinned exists
ROLLBACK;
