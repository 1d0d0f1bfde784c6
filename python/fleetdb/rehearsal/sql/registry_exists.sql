-- Whether the sqitch registry tables exist in this database (%(changes)s: "<registry>.changes").
SELECT to_regclass(%(changes)s) IS NOT NULL AS exists
