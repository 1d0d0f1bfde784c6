SELECT EXISTS (SELECT FROM iam.roles WHERE code = %(role_code)s)
