-- Installed extensions, their version and schema.
SELECT e.extname AS key,
       e.extversion AS version,
       n.nspname AS schema,
       pg_get_userbyid(e.extowner) AS owner
FROM pg_extension AS e
JOIN pg_namespace AS n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
