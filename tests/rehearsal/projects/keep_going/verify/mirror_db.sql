-- Verify notes:mirror_db
SELECT 1 / count(*) FROM pg_database WHERE datname = 'notes_mirror';
