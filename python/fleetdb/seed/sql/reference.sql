-- Seed step: reference data (once). Application roles, permissions and which role holds which.

INSERT INTO iam.roles (id, code, name, description)
SELECT pg_temp.seed_id(19, n), code, name, description
FROM (VALUES (1, 'branch_agent', 'Branch agent', 'Books, hands over and takes back vehicles at a branch.'),
             (2, 'branch_manager', 'Branch manager', 'Runs a branch: agents, fleet on site, refunds.'),
             (3, 'fleet_manager', 'Fleet manager', 'Buys, services and retires vehicles.'),
             (4, 'accountant', 'Accountant', 'Posts and reverses journal entries.'),
             (5, 'administrator', 'Administrator', 'Manages users and roles.'))
     AS r(n, code, name, description);

INSERT INTO iam.permissions (id, code, description)
SELECT pg_temp.seed_id(20, n), code, code
FROM (VALUES (1, 'rental.book'), (2, 'rental.activate'), (3, 'rental.complete'), (4, 'rental.cancel'),
             (5, 'rental.refund'), (6, 'fleet.register'), (7, 'fleet.record_odometer'), (8, 'fleet.retire'),
             (9, 'maintenance.open_job'), (10, 'maintenance.close_job'), (11, 'accounting.post'),
             (12, 'accounting.reverse'), (13, 'iam.manage_users'), (14, 'iam.manage_roles'))
     AS p(n, code);

INSERT INTO iam.role_permissions (role_id, permission_id)
SELECT pg_temp.seed_id(19, role_no), pg_temp.seed_id(20, permission_no)
FROM (VALUES (1, ARRAY[1, 2, 3, 4, 7]), (2, ARRAY[1, 2, 3, 4, 5, 7]), (3, ARRAY[6, 7, 8, 9, 10]),
             (4, ARRAY[11, 12]), (5, ARRAY[13, 14]))
     AS g(role_no, permissions)
CROSS JOIN unnest(g.permissions) AS permission_no;
