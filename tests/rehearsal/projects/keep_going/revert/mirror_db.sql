-- Revert notes:mirror_db
-- Forgets to drop the database notes_mirror: the rehearsal must report the revert as not exact.
SELECT 'notes_mirror is left behind' AS forgotten;
