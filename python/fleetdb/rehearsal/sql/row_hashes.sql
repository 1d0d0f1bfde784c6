-- Each row of a table as (its primary key as text, a hash of its values over the given columns).
SELECT ROW({key})::text AS key, hashtextextended(ROW({columns})::text, 0) AS hash
FROM {table}
