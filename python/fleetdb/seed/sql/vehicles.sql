-- Seed step: vehicles (once), all in service; the retire step retires some at the end.

INSERT INTO fleet.vehicles (id, vin, plate, plate_jurisdiction, make, model, model_year, status, home_location_id)
SELECT pg_temp.seed_id(4, v),
       -- 17 characters of the ISO 3779 alphabet: a fixed prefix and the number in base 10.
       'WF0SXXGCH' || lpad(v::text, 8, '0'),
       'FD-' || v,
       (ARRAY['DE', 'DE', 'DE', 'GB', 'CH', 'SE', 'US-NY', 'PL'])[1 + pg_temp.vehicle_location(v, p.locations) % 8],
       m.make, m.model, 2018 + pg_temp.h(v) % 8,
       CASE WHEN pg_temp.h(v) % 40 = 0 AND NOT pg_temp.vehicle_retires(v) THEN 'out_of_service' ELSE 'in_service' END,
       pg_temp.seed_id(1, pg_temp.vehicle_location(v, p.locations))
FROM seed_params AS p
CROSS JOIN generate_series(1, p.vehicles) AS v
CROSS JOIN LATERAL (
    SELECT (ARRAY['Volkswagen', 'Toyota', 'Renault', 'Ford', 'BMW', 'Skoda'])[1 + pg_temp.h(v + 7) % 6] AS make,
           (ARRAY['Golf', 'Corolla', 'Clio', 'Focus', '320d', 'Octavia'])[1 + pg_temp.h(v + 7) % 6] AS model
) AS m;
