-- Deploy notes:entries_pinned
-- requires: notes
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE notes.entries ADD COLUMN pinned boolean NOT NULL DEFAULT false;
COMMIT;
