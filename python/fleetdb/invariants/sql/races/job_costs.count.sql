SELECT count(*) FROM maintenance.job_parts WHERE part_number LIKE 'RACE-%%'
