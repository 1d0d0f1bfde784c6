-- Revert notes:notes
BEGIN;
DROP TABLE notes.entries;
DROP SCHEMA notes;
COMMIT;
