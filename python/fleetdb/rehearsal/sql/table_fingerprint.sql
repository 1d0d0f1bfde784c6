-- Row count and an order-independent checksum of one table over the given columns: each row is hashed
-- as its text form and the sorted hashes are hashed again, so equal data gives an equal checksum however
-- the rows are stored. {table} and {columns} are composed with psycopg.sql.Identifier.
SELECT count(*) AS row_count,
       md5(coalesce(string_agg(row_hash, '' ORDER BY row_hash), '')) AS checksum
FROM (SELECT md5(ROW({columns})::text) AS row_hash FROM {table}) AS hashed
