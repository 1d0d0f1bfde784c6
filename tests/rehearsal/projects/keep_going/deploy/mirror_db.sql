-- Deploy notes:mirror_db
-- The read-only mirror's database, created with \gexec: CREATE DATABASE cannot run in a transaction, so
-- this script has none.
SELECT 'CREATE DATABASE notes_mirror'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'notes_mirror') \gexec
