-- Deploy fleetdb:iam_staff_profiles to pg
-- requires: iam_users
-- requires: rental_locations

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE TABLE iam.staff_profiles (
    id               uuid        NOT NULL DEFAULT shared.uuid_v7(),
    user_id          uuid        NOT NULL,
    employee_number  text        NOT NULL,
    home_location_id uuid        NOT NULL,
    job_title        text        NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT staff_profiles_pk PRIMARY KEY (id),
    CONSTRAINT staff_profiles_user_fk FOREIGN KEY (user_id) REFERENCES iam.users (id),
    -- IAM-STAFF-ONE-PROFILE: a user has at most one staff profile (1:1).
    CONSTRAINT staff_profiles_user_id_uq UNIQUE (user_id),
    CONSTRAINT staff_profiles_employee_number_uq UNIQUE (employee_number),
    -- Cross-module: iam -> rental.locations.
    CONSTRAINT staff_profiles_home_location_fk FOREIGN KEY (home_location_id) REFERENCES rental.locations (id),
    CONSTRAINT staff_profiles_employee_number_not_blank_ck CHECK (btrim(employee_number) <> '')
);
CREATE INDEX staff_profiles_home_location_id_idx ON iam.staff_profiles (home_location_id);
CREATE TRIGGER staff_profiles_touch_updated_at_trg BEFORE UPDATE ON iam.staff_profiles
    FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at();

COMMENT ON TABLE iam.staff_profiles IS 'Employment data of users who are staff; at most one per user.';
COMMENT ON COLUMN iam.staff_profiles.id IS 'Primary key (UUID v7).';
COMMENT ON COLUMN iam.staff_profiles.user_id IS 'The user this profile belongs to (unique: 1:1).';
COMMENT ON COLUMN iam.staff_profiles.employee_number IS 'HR employee number, unique.';
COMMENT ON COLUMN iam.staff_profiles.home_location_id IS 'Branch the employee works from (rental.locations).';
COMMENT ON COLUMN iam.staff_profiles.job_title IS 'Job title as shown in the staff directory.';
COMMENT ON COLUMN iam.staff_profiles.created_at IS 'When the row was written.';
COMMENT ON COLUMN iam.staff_profiles.updated_at IS 'When the row was last changed (shared.touch_updated_at).';

GRANT SELECT, INSERT, UPDATE ON iam.staff_profiles TO fleetdb_app;
GRANT SELECT ON iam.staff_profiles TO fleetdb_readonly;

COMMIT;
