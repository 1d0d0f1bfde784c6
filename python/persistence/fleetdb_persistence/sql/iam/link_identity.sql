INSERT INTO iam.external_identities (user_id, issuer, subject)
VALUES (%(user_id)s, %(issuer)s, %(subject)s)
RETURNING id, user_id, issuer, subject, created_at
