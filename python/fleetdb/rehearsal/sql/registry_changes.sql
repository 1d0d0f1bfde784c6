-- The ids of the changes of one project the sqitch registry records as deployed, in deploy order (ids,
-- not names: a reworked change has one name and several versions). {registry}: the registry schema.
SELECT change_id
FROM {registry}.changes
WHERE project = %(project)s
ORDER BY committed_at, change_id
