-- Seed step: branches and the chart of accounts (once). Every branch has its own bank, revenue and
-- maintenance-expense accounts in its currency (branch cost centres); payables are one account per
-- currency.

INSERT INTO rental.locations (id, code, name, address, time_zone)
SELECT pg_temp.seed_id(1, n), 'BR' || lpad(n::text, 5, '0'), 'Branch ' || n,
       n || ' Station Road', (ARRAY['Europe/Berlin', 'Europe/London', 'Europe/Zurich', 'Europe/Stockholm',
                                    'America/New_York', 'Europe/Warsaw'])[1 + n % 6]
FROM seed_params AS p CROSS JOIN generate_series(1, p.locations) AS n;

-- Account numbers: kind * 1,000,000 + location; kinds 1 bank, 2 revenue, 3 maintenance expense.
INSERT INTO accounting.accounts (id, code, name, type, currency)
SELECT pg_temp.seed_id(16, k.kind * 1000000 + n), k.prefix || '-BR' || lpad(n::text, 5, '0'),
       k.label || ' branch ' || n, k.type, pg_temp.location_currency(n)
FROM seed_params AS p
CROSS JOIN generate_series(1, p.locations) AS n
CROSS JOIN (VALUES (1, '1000', 'Bank', 'asset'), (2, '4000', 'Rental revenue', 'revenue'),
                   (3, '6000', 'Maintenance expense', 'expense')) AS k(kind, prefix, label, type);

-- Payables per currency: account number 4,000,000 + the currency's ISO numeric code.
INSERT INTO accounting.accounts (id, code, name, type, currency)
SELECT pg_temp.seed_id(16, 4000000 + c.numeric_code), '2000-' || c.code, 'Payables ' || c.code, 'liability', c.code
FROM shared.currencies AS c
WHERE c.code IN (SELECT DISTINCT pg_temp.location_currency(n) FROM seed_params AS p, generate_series(1, p.locations) AS n);
