-- Seed step: customers (once), identified by driving licence.

INSERT INTO rental.customers (id, full_name, email, phone, driver_licence_number, driver_licence_country)
SELECT pg_temp.seed_id(3, c), 'Customer ' || c,
       CASE WHEN c % 3 = 0 THEN 'customer' || c || '@mail.example' END,
       CASE WHEN c % 2 = 0 THEN '+49 30 ' || lpad((pg_temp.h(c) % 10000000)::text, 7, '0') END,
       'DL' || lpad(c::text, 9, '0'),
       (ARRAY['DE', 'GB', 'CH', 'SE', 'US', 'PL', 'FR', 'NL'])[1 + pg_temp.h(c) % 8]
FROM seed_params AS p CROSS JOIN generate_series(1, p.customers) AS c;
