-- Sessions opened afterwards detect a deadlock after 50 ms instead of 1 s.
ALTER DATABASE {database} SET deadlock_timeout = '50ms'
