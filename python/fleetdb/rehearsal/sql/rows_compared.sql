-- The rows recorded in the copy before the rehearsal against the table now (its rows as row_hashes.sql
-- gives them): how many are gone, how many changed, and the keys of the first few; keys the workload
-- changed itself are left out, and so are keys that name one of the workload's own rows (a vehicle's
-- guard rows, keyed by the vehicle, which its readings and bookings bump).
SELECT count(*) FILTER (WHERE cur.key IS NULL) AS missing,
       count(*) FILTER (WHERE cur.key IS NOT NULL AND cur.hash <> was.hash) AS changed,
       (array_agg(was.key ORDER BY was.key) FILTER (WHERE cur.key IS NULL OR cur.hash <> was.hash))[1:3]
           AS examples
FROM {copy} AS was
LEFT JOIN ({rows}) AS cur USING (key)
WHERE was.key <> ALL (%(excluded)s::text[])
  AND NOT was.key LIKE ANY (%(owned)s::text[])
