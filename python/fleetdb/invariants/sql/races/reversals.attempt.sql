-- Every session reverses the round's entry under its own reference: one reversal is written, the
-- others get 23505 journal_entries_reverses_once_uq.
SELECT accounting.post_entry(
    'rental', 'race-reversal-' || %(round)s || '-' || %(session)s, date '2030-01-02', 'EUR', 'reversal',
    jsonb_build_array(jsonb_build_object('account_id', %(debit_account_id)s::uuid, 'amount_minor', -1000),
                      jsonb_build_object('account_id', %(credit_account_id)s::uuid, 'amount_minor', 1000)),
    %(entry_id)s::uuid)
