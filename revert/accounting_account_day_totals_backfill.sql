-- Revert fleetdb:accounting_account_day_totals_backfill from pg

-- The start trigger again, as accounting_account_day_totals created it. The backfilled totals stay: they
-- are exact, and the triggers keep them (reverting accounting_account_day_totals drops them all).

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '1s';

CREATE FUNCTION accounting.account_day_totals_start() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_class WHERE oid = 'accounting.account_day_totals'::regclass) THEN
        RAISE EXCEPTION 'an account''s day totals cannot start from a snapshot taken before accounting_account_day_totals was deployed'
            USING ERRCODE = '40001', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Retry the transaction.';
    END IF;
    -- A concurrent first posting to the same account-day, or a backfill batch, conflicts on
    -- account_day_totals_pk (waits, or 40001 when it committed unseen). The lines summed include the
    -- statement's own (an AFTER trigger sees them): those are taken away again.
    INSERT INTO accounting.account_day_totals (account_id, currency, posting_date, amount_minor)
    SELECT k.account_id, k.currency, k.posting_date,
           (SELECT coalesce(sum(l.amount_minor), 0) FROM accounting.journal_lines AS l
            WHERE l.account_id = k.account_id AND l.currency = k.currency AND l.posting_date = k.posting_date)
           - k.amount_minor
    FROM (SELECT n.account_id, n.currency, n.posting_date, sum(n.amount_minor) AS amount_minor
          FROM new_lines AS n GROUP BY n.account_id, n.currency, n.posting_date) AS k
    WHERE NOT EXISTS (SELECT FROM accounting.account_day_totals AS t
                      WHERE t.account_id = k.account_id AND t.currency = k.currency
                        AND t.posting_date = k.posting_date)
    ORDER BY k.account_id, k.currency, k.posting_date
    ON CONFLICT ON CONSTRAINT account_day_totals_pk DO NOTHING;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION accounting.account_day_totals_start() IS
    'AFTER INSERT FOR EACH STATEMENT trigger of journal_lines until accounting_account_day_totals_backfill: starts an account-day''s total from its lines before the statement; 40001 when the transaction''s snapshot predates the totals.';
REVOKE EXECUTE ON FUNCTION accounting.account_day_totals_start() FROM PUBLIC;
CREATE TRIGGER journal_lines_day_totals_start_trg AFTER INSERT ON accounting.journal_lines
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION accounting.account_day_totals_start();

COMMIT;
