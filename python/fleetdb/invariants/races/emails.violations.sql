-- Addresses held by two users, compared case-insensitively.
SELECT lower(email), count(*) FROM iam.users GROUP BY lower(email) HAVING count(*) > 1
