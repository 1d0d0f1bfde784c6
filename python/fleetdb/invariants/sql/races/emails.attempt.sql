-- Every session signs up the same address, spelled in its own letter case.
INSERT INTO iam.users (email, display_name)
VALUES (CASE WHEN %(session)s %% 2 = 0 THEN lower('Race-' || %(round)s || '@Example.com')
             ELSE upper('Race-' || %(round)s || '@Example.com') END,
        'Racer ' || %(session)s)
RETURNING id
