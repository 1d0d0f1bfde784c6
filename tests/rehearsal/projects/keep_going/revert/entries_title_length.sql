-- Revert notes:entries_title_length
BEGIN;
ALTER TABLE notes.entries DROP CONSTRAINT entries_title_length_ck;
COMMIT;
