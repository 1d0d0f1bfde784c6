-- Deploy notes:notes
BEGIN;
CREATE SCHEMA notes;
CREATE TABLE notes.entries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title text NOT NULL,
    body text NOT NULL DEFAULT ''
);
COMMIT;
