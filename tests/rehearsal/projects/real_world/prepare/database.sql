-- What every database of the production image has before the plan runs.
-- pg_trgm: the plan's trigram index needs it and does not create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- The collation "unicode" (ICU's root locale, built into PostgreSQL 16+ where ICU is): a server without
-- it gets one of that name, from ICU where the server has ICU, else from libc's C.UTF-8.
SELECT CASE WHEN EXISTS (SELECT FROM pg_collation WHERE collprovider = 'i')
            THEN 'CREATE COLLATION public.unicode (provider = icu, locale = ''und'')'
            ELSE 'CREATE COLLATION public.unicode (provider = libc, locale = ''C.UTF-8'')' END
WHERE NOT EXISTS (SELECT FROM pg_collation WHERE collname = 'unicode') \gexec
