-- A balanced two-line posting through the posting function.
SELECT accounting.post_entry(
    'rental', %(reference)s, date '2030-01-01', 'EUR', 'bench posting',
    jsonb_build_array(
        jsonb_build_object('account_id', (SELECT id FROM accounting.accounts WHERE code = '1000'),
                           'amount_minor', 1000),
        jsonb_build_object('account_id', (SELECT id FROM accounting.accounts WHERE code = '4000'),
                           'amount_minor', -1000)))
