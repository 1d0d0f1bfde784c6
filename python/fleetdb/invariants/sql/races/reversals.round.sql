-- The entry every session will try to reverse in round <round>.
SELECT accounting.post_entry(
    'rental', 'race-sale-' || %(round)s, date '2030-01-01', 'EUR', 'sale',
    jsonb_build_array(jsonb_build_object('account_id', %(debit_account_id)s::uuid, 'amount_minor', 1000),
                      jsonb_build_object('account_id', %(credit_account_id)s::uuid, 'amount_minor', -1000)))
    AS entry_id
