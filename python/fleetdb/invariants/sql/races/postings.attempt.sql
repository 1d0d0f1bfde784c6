-- Every session posts the same external reference; no two sessions post the same entry: odd
-- sessions change the description, sessions from 2 on change the amounts, so against session 0 one
-- loser differs in its description only, one in its lines only and one in both. One entry is
-- written, the others get 23505 journal_entries_source_reference_uq (a repeat that differs in
-- anything is a conflict, never the committed entry).
SELECT accounting.post_entry(
    'rental', 'race-' || %(round)s, date '2030-01-01', 'EUR',
    'race posting' || CASE WHEN %(session)s %% 2 = 1 THEN ' by session ' || %(session)s ELSE '' END,
    jsonb_build_array(
        jsonb_build_object('account_id', %(debit_account_id)s::uuid,
                           'amount_minor', 1000 + CASE WHEN %(session)s >= 2 THEN %(session)s ELSE 0 END),
        jsonb_build_object('account_id', %(credit_account_id)s::uuid,
                           'amount_minor', -1000 - CASE WHEN %(session)s >= 2 THEN %(session)s ELSE 0 END)))
