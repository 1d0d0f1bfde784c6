-- Deploy library:books
BEGIN;
CREATE SCHEMA library;
CREATE TABLE library.books (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title text NOT NULL
);
COMMIT;
