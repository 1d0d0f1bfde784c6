INSERT INTO rental.customers (full_name, email, phone, driver_licence_number, driver_licence_country)
VALUES (%(full_name)s, %(email)s, %(phone)s, %(driver_licence_number)s, %(driver_licence_country)s)
RETURNING id, full_name, email, phone, driver_licence_number, driver_licence_country, created_at
