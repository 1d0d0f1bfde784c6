INSERT INTO iam.staff_profiles (user_id, employee_number, home_location_id, job_title)
VALUES (%(user_id)s, %(employee_number)s, %(home_location_id)s, %(job_title)s)
RETURNING id, user_id, employee_number, home_location_id, job_title, created_at
