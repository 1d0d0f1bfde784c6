SELECT count(*) FROM iam.users WHERE email ILIKE 'race-%%@example.com'
