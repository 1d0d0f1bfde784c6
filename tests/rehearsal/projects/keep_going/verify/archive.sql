-- Verify notes:archive
BEGIN;
SELECT entry_id, title, archived_at FROM notes.archive WHERE false;
ROLLBACK;
