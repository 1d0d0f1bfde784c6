-- Sessions of a database other than the caller's: the seed's backends still to exit.
SELECT count(*) FROM pg_stat_activity WHERE datname = %(database)s AND pid <> pg_backend_pid()
