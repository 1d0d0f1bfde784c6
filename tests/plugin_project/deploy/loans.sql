-- Deploy library:loans
-- requires: books
BEGIN;
CREATE TABLE library.loans (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    book_id bigint NOT NULL REFERENCES library.books (id),
    reader text NOT NULL,
    returned_at timestamptz
);
-- A book is out to one reader at a time: at most one open loan per book.
CREATE UNIQUE INDEX loans_one_open_per_book ON library.loans (book_id) WHERE returned_at IS NULL;
COMMIT;
