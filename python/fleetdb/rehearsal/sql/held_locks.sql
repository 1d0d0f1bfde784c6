-- Appended to a change's deploy script in place of its COMMIT: the relation locks this session holds
-- at the end of the change (locks are held until commit, so this is every lock the change took), with
-- each relation's storage file, printed as one line the rehearsal finds by its prefix.
SELECT 'fleetdb-held-locks ' || coalesce(json_agg(json_build_object(
           'oid', c.oid::bigint,
           'relation', n.nspname || '.' || c.relname,
           'relkind', c.relkind::text,
           'mode', l.mode,
           'filenode', c.relfilenode::bigint))::text, '[]')
FROM pg_locks AS l
JOIN pg_class AS c ON c.oid = l.relation
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE l.pid = pg_backend_pid()
  AND l.locktype = 'relation'
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema';
ROLLBACK;
