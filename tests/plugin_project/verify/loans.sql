-- Verify library:loans
BEGIN;
SELECT 1 / count(*) FROM pg_indexes WHERE indexname = 'loans_one_open_per_book';
ROLLBACK;
