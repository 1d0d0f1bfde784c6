-- The user behind an identity-provider identity, with role and permission codes, in one statement.
SELECT u.id, u.email, u.display_name, u.status,
       array(SELECT r.code
             FROM iam.user_roles ur
             JOIN iam.roles r ON r.id = ur.role_id
             WHERE ur.user_id = u.id
             ORDER BY r.code) AS roles,
       array(SELECT DISTINCT p.code
             FROM iam.user_roles ur
             JOIN iam.role_permissions rp ON rp.role_id = ur.role_id
             JOIN iam.permissions p ON p.id = rp.permission_id
             WHERE ur.user_id = u.id
             ORDER BY p.code) AS permissions
FROM iam.external_identities i
JOIN iam.users u ON u.id = i.user_id
WHERE i.issuer = %(issuer)s
  AND i.subject = %(subject)s
