-- Idempotent: a repeated identical request returns the existing entry's id; the same reference with
-- different content raises 23505 journal_entries_source_reference_uq.
SELECT accounting.post_entry(%(source)s, %(external_reference)s, %(posting_date)s, %(currency)s,
                             %(description)s, %(lines)s, %(reverses_entry_id)s)
