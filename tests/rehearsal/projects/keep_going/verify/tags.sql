-- Verify notes:tags
BEGIN;
SELECT id, name, owner_id FROM notes.tags WHERE false;
ROLLBACK;
