-- Row count and an order-independent checksum of one table over the given columns: each row is hashed
-- as its text form and the sorted hashes are hashed again, so equal data gives an equal checksum however
-- the rows are stored. The row hashes themselves come back too when the table is small (at most
-- %(keep_hashes)s rows), so that a change which only adds rows can be told from one that changes them.
-- {table} and {columns} are composed with psycopg.sql.Identifier.
SELECT count(*) AS row_count,
       md5(coalesce(string_agg(row_hash, '' ORDER BY row_hash), '')) AS checksum,
       CASE WHEN count(*) <= %(keep_hashes)s THEN coalesce(array_agg(row_hash), ARRAY[]::text[]) END AS row_hashes
FROM (SELECT md5(ROW({columns})::text) AS row_hash FROM {table}) AS hashed
