-- Seed step: users, identities, staff profiles and role grants (once).
-- User numbers: staff of branch b are (b - 1) * staff_per_location + 1 .. b * staff_per_location (the
-- first one manages the branch); head-office staff follow; customers with an online account are
-- 10,000,000 + their customer number (one customer in three).

CREATE TEMPORARY TABLE seed_users ON COMMIT DROP AS
SELECT (b - 1) * p.staff_per_location + k AS n, b AS location_no,
       CASE WHEN k = 1 THEN 2 ELSE 1 END AS role_no, true AS staff
FROM seed_params AS p
CROSS JOIN generate_series(1, p.locations) AS b
CROSS JOIN generate_series(1, p.staff_per_location) AS k
UNION ALL
SELECT p.locations * p.staff_per_location + g, 1, 3 + (g - 1) % 3, true
FROM seed_params AS p CROSS JOIN generate_series(1, 9) AS g
UNION ALL
SELECT 10000000 + c, NULL, NULL, false
FROM seed_params AS p CROSS JOIN generate_series(3, p.customers, 3) AS c;

INSERT INTO iam.users (id, email, display_name, status)
SELECT pg_temp.seed_id(2, u.n),
       CASE WHEN u.staff THEN 'staff' || u.n || '@fleetdb.example' ELSE 'customer' || (u.n - 10000000) || '@mail.example' END,
       CASE WHEN u.staff THEN 'Staff member ' || u.n ELSE 'Customer ' || (u.n - 10000000) END,
       CASE WHEN pg_temp.h(u.n) % 100 = 0 THEN 'disabled' ELSE 'active' END
FROM seed_users AS u;

INSERT INTO iam.external_identities (id, user_id, issuer, subject)
SELECT pg_temp.seed_id(17, u.n), pg_temp.seed_id(2, u.n),
       CASE WHEN u.staff THEN 'https://login.fleetdb.example' ELSE 'https://accounts.google.com' END,
       CASE WHEN u.staff THEN 'staff-' || u.n ELSE 'g-' || pg_temp.h(u.n) || '-' || u.n END
FROM seed_users AS u;

INSERT INTO iam.staff_profiles (id, user_id, employee_number, home_location_id, job_title)
SELECT pg_temp.seed_id(18, u.n), pg_temp.seed_id(2, u.n), 'E' || lpad(u.n::text, 7, '0'),
       pg_temp.seed_id(1, u.location_no), r.name
FROM seed_users AS u JOIN iam.roles AS r ON r.id = pg_temp.seed_id(19, u.role_no)
WHERE u.staff;

INSERT INTO iam.user_roles (user_id, role_id)
SELECT pg_temp.seed_id(2, u.n), pg_temp.seed_id(19, u.role_no)
FROM seed_users AS u
WHERE u.staff;

-- The iam module's own events (the application appends them; no trigger does).
INSERT INTO iam.outbox_events (aggregate_type, aggregate_id, event_type, payload, published_at)
SELECT 'user', pg_temp.seed_id(2, u.n), 'iam.user_registered',
       jsonb_build_object('user_id', pg_temp.seed_id(2, u.n), 'staff', u.staff), now()
FROM seed_users AS u;
