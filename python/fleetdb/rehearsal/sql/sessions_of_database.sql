-- Other live sessions in this database (after a killed deploy none of the deploy's may remain).
SELECT pid, application_name, state
FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
