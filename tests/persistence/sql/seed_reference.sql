-- Reference data the application only reads (it has no INSERT on these tables): written as the owner.
SET ROLE fleetdb_owner;
INSERT INTO rental.locations (code, name, address, time_zone) VALUES
    ('MUC01', 'Munich Airport', 'Nordallee 25, 85356 München', 'Europe/Berlin'),
    ('BER01', 'Berlin Hauptbahnhof', 'Europaplatz 1, 10557 Berlin', 'Europe/Berlin');
INSERT INTO accounting.accounts (code, name, type, currency) VALUES
    ('1200-EUR', 'Bank EUR', 'asset', 'EUR'),
    ('4000-EUR', 'Rental revenue EUR', 'revenue', 'EUR'),
    ('1200-USD', 'Bank USD', 'asset', 'USD');
INSERT INTO iam.roles (code, name) VALUES ('branch_agent', 'Branch agent'), ('fleet_manager', 'Fleet manager');
INSERT INTO iam.permissions (code) VALUES ('rental.book'), ('rental.cancel'), ('fleet.register');
INSERT INTO iam.role_permissions (role_id, permission_id)
SELECT r.id, p.id
FROM iam.roles r
JOIN iam.permissions p ON (r.code, p.code) IN (('branch_agent', 'rental.book'), ('branch_agent', 'rental.cancel'),
                                              ('fleet_manager', 'fleet.register'), ('fleet_manager', 'rental.book'));
RESET ROLE;
