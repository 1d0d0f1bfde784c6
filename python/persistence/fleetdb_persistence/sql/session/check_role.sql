-- Who this session logged in as, and whether that login may act as the application role.
SELECT r.rolsuper AS is_superuser,
       pg_has_role(session_user, 'fleetdb_owner', 'MEMBER') AS is_owner_member,
       pg_has_role(session_user, %(role)s, 'MEMBER') AS is_app_member
FROM pg_catalog.pg_roles r
WHERE r.rolname = session_user
