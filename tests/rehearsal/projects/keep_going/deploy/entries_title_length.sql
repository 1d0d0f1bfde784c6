-- Deploy notes:entries_title_length
-- requires: notes
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE notes.entries ADD CONSTRAINT entries_title_length_ck CHECK (length(title) <= 200) NOT VALID;
COMMIT;
