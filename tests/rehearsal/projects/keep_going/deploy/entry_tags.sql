-- Deploy notes:entry_tags
-- requires: tags
BEGIN;
CREATE TABLE notes.entry_tags (
    entry_id bigint NOT NULL REFERENCES notes.entries (id),
    tag_id bigint NOT NULL REFERENCES notes.tags (id),
    PRIMARY KEY (entry_id, tag_id)
);
COMMIT;
