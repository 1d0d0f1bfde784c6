-- Whether the sqitch registry tables exist in this database.
SELECT to_regclass('sqitch.changes') IS NOT NULL AS exists
