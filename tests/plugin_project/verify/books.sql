-- Verify library:books
BEGIN;
SELECT id, title FROM library.books WHERE false;
ROLLBACK;
