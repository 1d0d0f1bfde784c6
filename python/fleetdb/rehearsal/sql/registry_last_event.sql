-- The most recent registry event of a project: what sqitch last did, to which change.
SELECT event, change
FROM {registry}.events
WHERE project = %(project)s
ORDER BY committed_at DESC
LIMIT 1
