INSERT INTO iam.users (email, display_name)
VALUES (%(email)s, %(display_name)s)
RETURNING id, email, display_name, status, created_at
