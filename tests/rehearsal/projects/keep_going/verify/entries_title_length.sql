-- Verify notes:entries_title_length
BEGIN;
SELECT 1 / count(*) FROM pg_constraint WHERE conname = 'entries_title_length_ck';
ROLLBACK;
