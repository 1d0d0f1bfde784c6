-- Verify notes:notes
BEGIN;
SELECT id, title, body FROM notes.entries WHERE false;
ROLLBACK;
