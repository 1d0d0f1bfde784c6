SELECT (SELECT id FROM rental.locations WHERE code = 'MUC01') AS muc,
       (SELECT id FROM rental.locations WHERE code = 'BER01') AS ber,
       (SELECT id FROM accounting.accounts WHERE code = '1200-EUR') AS bank_eur,
       (SELECT id FROM accounting.accounts WHERE code = '4000-EUR') AS revenue_eur,
       (SELECT id FROM accounting.accounts WHERE code = '1200-USD') AS bank_usd
