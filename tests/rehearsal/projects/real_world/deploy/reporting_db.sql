-- Deploy warehouse:reporting_db
-- requires: roles
-- CREATE DATABASE cannot run in a transaction: this script has none.
\set owner_name `cat secrets/owner_name`
SELECT format('CREATE DATABASE %I OWNER %I', :'reporting_db', :'owner_name')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'reporting_db') \gexec
