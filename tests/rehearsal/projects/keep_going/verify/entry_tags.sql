-- Verify notes:entry_tags
BEGIN;
SELECT entry_id, tag_id FROM notes.entry_tags WHERE false;
ROLLBACK;
