-- The changes of one project the sqitch registry records as deployed, in deploy order. Empty when the
-- registry does not exist yet (nothing was ever deployed).
SELECT change
FROM sqitch.changes
WHERE project = %(project)s
ORDER BY committed_at, change_id
