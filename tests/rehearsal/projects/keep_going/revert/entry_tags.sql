-- Revert notes:entry_tags
BEGIN;
DROP TABLE notes.entry_tags;
COMMIT;
