-- Rows inserted and updated by the current transaction, per table of the seeded schemas (the
-- transaction-local statistics count trigger-written rows too, such as outbox events).
SELECT n.nspname || '.' || c.relname AS "table",
       pg_stat_get_xact_tuples_inserted(c.oid) AS inserted,
       pg_stat_get_xact_tuples_updated(c.oid) AS updated
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname = ANY(%(schemas)s)
  AND pg_stat_get_xact_tuples_inserted(c.oid) + pg_stat_get_xact_tuples_updated(c.oid) > 0
