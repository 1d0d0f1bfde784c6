SELECT id, code, name, type, currency
FROM accounting.accounts
WHERE code = %(code)s
