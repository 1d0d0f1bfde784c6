-- Revert notes:tags
BEGIN;
DROP TABLE notes.tags;
COMMIT;
