WITH accounts AS (
    INSERT INTO accounting.accounts (code, name, type, currency)
    VALUES ('1200-RACE', 'Receivables (race)', 'asset', 'EUR'), ('4000-RACE', 'Revenue (race)', 'revenue', 'EUR')
    RETURNING id, type
)
SELECT (SELECT id FROM accounts WHERE type = 'asset') AS debit_account_id,
       (SELECT id FROM accounts WHERE type = 'revenue') AS credit_account_id
