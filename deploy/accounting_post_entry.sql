-- Deploy fleetdb:accounting_post_entry to pg
-- requires: accounting_entries

BEGIN;

SET LOCAL ROLE fleetdb_owner;

-- ACCT-IDEMPOTENT-POSTING. Posts an entry with its lines and returns its id. When
-- (source, external_reference) is already posted:
--   * same content (date, currency, description, reversal, lines as a multiset) -> the existing id;
--   * different content -> SQLSTATE 23505 with constraint journal_entries_source_reference_uq.
-- Concurrent duplicates: INSERT ... ON CONFLICT DO NOTHING waits for the other inserter of the
-- same key; if it commits, ours does nothing and the follow-up SELECT (a new snapshot at READ
-- COMMITTED) finds its entry. Exactly one entry is written.
-- p_lines: [{"account_id": uuid, "amount_minor": bigint, "memo": text (optional)}, ...]
CREATE FUNCTION accounting.post_entry(
    p_source text,
    p_external_reference text,
    p_posting_date date,
    p_currency char(3),
    p_description text,
    p_lines jsonb,
    p_reverses_entry_id uuid DEFAULT NULL
) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    new_id   uuid;
    existing accounting.journal_entries;
    wanted   jsonb;
    stored   jsonb;
BEGIN
    IF jsonb_typeof(p_lines) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'p_lines must be a JSON array of {account_id, amount_minor, memo}'
            USING ERRCODE = '22023';
    END IF;

    INSERT INTO accounting.journal_entries
        (posting_date, source, external_reference, currency, description, reverses_entry_id)
    VALUES (p_posting_date, p_source, p_external_reference, p_currency, p_description, p_reverses_entry_id)
    ON CONFLICT ON CONSTRAINT journal_entries_source_reference_uq DO NOTHING
    RETURNING id INTO new_id;

    IF new_id IS NOT NULL THEN
        INSERT INTO accounting.journal_lines (entry_id, account_id, currency, posting_date, amount_minor, memo)
        SELECT new_id, l.account_id, p_currency, p_posting_date, l.amount_minor, coalesce(l.memo, '')
        FROM jsonb_to_recordset(p_lines) AS l(account_id uuid, amount_minor bigint, memo text);
        RETURN new_id;
    END IF;

    SELECT * INTO existing FROM accounting.journal_entries
    WHERE source = p_source AND external_reference = p_external_reference;
    SELECT coalesce(jsonb_agg(jsonb_build_array(l.account_id, l.amount_minor, coalesce(l.memo, ''))
                              ORDER BY l.account_id, l.amount_minor, coalesce(l.memo, '')), '[]')
    INTO wanted FROM jsonb_to_recordset(p_lines) AS l(account_id uuid, amount_minor bigint, memo text);
    SELECT coalesce(jsonb_agg(jsonb_build_array(l.account_id, l.amount_minor, l.memo)
                              ORDER BY l.account_id, l.amount_minor, l.memo), '[]')
    INTO stored FROM accounting.journal_lines l WHERE l.entry_id = existing.id;

    IF existing.posting_date = p_posting_date AND existing.currency = p_currency
       AND existing.description = p_description
       AND existing.reverses_entry_id IS NOT DISTINCT FROM p_reverses_entry_id
       AND wanted = stored THEN
        RETURN existing.id;
    END IF;
    RAISE EXCEPTION '% entry % was already posted with different content (entry %)',
            p_source, p_external_reference, existing.id
        USING ERRCODE = '23505', CONSTRAINT = 'journal_entries_source_reference_uq',
              SCHEMA = 'accounting', TABLE = 'journal_entries',
              HINT = 'A reference identifies one business event; post a correction under a new reference.';
END
$$;
COMMENT ON FUNCTION accounting.post_entry(text, text, date, char, text, jsonb, uuid) IS
    'Idempotent posting: returns the existing entry for a repeated identical request, raises 23505 (journal_entries_source_reference_uq) for a different one.';
REVOKE EXECUTE ON FUNCTION accounting.post_entry(text, text, date, char, text, jsonb, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION accounting.post_entry(text, text, date, char, text, jsonb, uuid) TO fleetdb_app;

COMMIT;
