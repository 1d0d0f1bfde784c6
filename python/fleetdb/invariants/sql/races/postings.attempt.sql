-- Every session posts the same external reference with its own description: one entry is
-- written, the others get 23505 journal_entries_source_reference_uq.
SELECT accounting.post_entry(
    'rental', 'race-' || %(round)s, date '2030-01-01', 'EUR', 'posted by session ' || %(session)s,
    jsonb_build_array(jsonb_build_object('account_id', %(debit_account_id)s::uuid, 'amount_minor', 1000),
                      jsonb_build_object('account_id', %(credit_account_id)s::uuid, 'amount_minor', -1000)))
