-- Roles are reference data: looked up by their stable code. No row back means no such role.
INSERT INTO iam.user_roles (user_id, role_id, granted_by)
SELECT %(user_id)s, r.id, %(granted_by)s
FROM iam.roles r
WHERE r.code = %(role_code)s
ON CONFLICT ON CONSTRAINT user_roles_pk DO NOTHING
RETURNING user_id
