-- Deploy notes:tags
-- requires: notes
BEGIN;
CREATE TABLE notes.tags (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE,
    owner_id bigint NOT NULL REFERENCES notes.owners (id)  -- notes.owners was never created
);
COMMIT;
