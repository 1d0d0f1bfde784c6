-- Revert notes:archive (the archived rows go with the table)
BEGIN;
DROP TABLE notes.archive;
COMMIT;
