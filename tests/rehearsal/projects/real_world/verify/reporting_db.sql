-- Verify warehouse:reporting_db
SELECT 1 / count(*) FROM pg_database WHERE datname = :'reporting_db';
