-- Revert notes:entries_pinned
BEGIN;
ALTER TABLE notes.entries DROP COLUMN pinned;
COMMIT;
