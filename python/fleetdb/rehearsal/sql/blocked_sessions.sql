-- Every session of the online rehearsal's workload that waits on a lock, once per session that blocks
-- it. pg_blocking_pids names the sessions holding a conflicting lock and those queued ahead of it with
-- a conflicting request (a deploy waiting for ACCESS EXCLUSIVE blocks every later reader). For each:
-- the object waited on, the mode asked for, what the blocker holds on it (or queues for), and what the
-- blocker runs. Workload sessions blocked by each other are the caller's to leave out.
SELECT w.pid,
       b.pid AS blocker,
       coalesce(b.application_name, '') AS blocker_application,
       coalesce(l.relation::regclass::text, l.locktype, w.wait_event) AS object,
       coalesce(l.mode, '') AS requested,
       coalesce((SELECT string_agg(DISTINCT h.mode, ',')
                 FROM pg_locks AS h
                 WHERE h.pid = b.pid AND h.granted
                   AND h.locktype = l.locktype
                   AND h.relation IS NOT DISTINCT FROM l.relation
                   AND h.transactionid IS NOT DISTINCT FROM l.transactionid
                   AND h.virtualxid IS NOT DISTINCT FROM l.virtualxid),
                (SELECT 'queued for ' || string_agg(DISTINCT h.mode, ',')
                 FROM pg_locks AS h
                 WHERE h.pid = b.pid AND NOT h.granted)
               , '') AS held,
       coalesce(b.query, '') AS statement
FROM pg_stat_activity AS w
CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocking(pid)
JOIN pg_stat_activity AS b ON b.pid = blocking.pid
LEFT JOIN LATERAL (
    SELECT wl.locktype, wl.relation, wl.transactionid, wl.virtualxid, wl.mode
    FROM pg_locks AS wl
    WHERE wl.pid = w.pid AND NOT wl.granted
    LIMIT 1
) AS l ON true
WHERE w.application_name = %(application)s
  AND w.wait_event_type = 'Lock'
  AND b.application_name IS DISTINCT FROM %(application)s
