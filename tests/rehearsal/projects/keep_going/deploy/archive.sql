-- Deploy notes:archive
-- requires: notes
BEGIN;
CREATE TABLE notes.archive (
    entry_id bigint PRIMARY KEY,
    title text NOT NULL,
    archived_at timestamptz NOT NULL DEFAULT now()
);
COMMIT;
