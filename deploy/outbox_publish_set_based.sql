-- Deploy fleetdb:outbox_publish_set_based to pg
-- requires: rental_outbox
-- requires: accounting_outbox
-- requires: integration_outbox_aggregate_order
-- requires: integration_outbox_privileges
-- requires: rental_retired_vehicle_guard

-- The rental and journal-entry outbox events, and the journal lines' same-transaction check, once per
-- statement over its rows (transition tables) instead of once per row. A seed or a migration that
-- writes 100,000 rentals ran rentals_publish() 100,000 times on INSERT and again on the status UPDATE
-- (325 us a row on 2 cores: a PL/pgSQL call, a version probe and an event row each); now each
-- statement runs one INSERT ... SELECT of its events, and a single-row write the same over one row.
--
-- Same guarantees as rental_outbox, accounting_outbox and integration_outbox_aggregate_order:
-- * an event per new rental, per rental whose status an UPDATE changed, per new journal entry, in the
--   same transaction, each as its aggregate's next version (one probe of
--   outbox_events_aggregate_version_uq per event), in the statement's row order (sequence_no);
-- * an aggregate appears at most once in a statement (ids are keys, an UPDATE changes a row once), so
--   the versions of one statement never collide; two transactions changing one rental are ordered by
--   its row lock, and the later one's trigger, which runs after it got the lock, reads the earlier
--   one's event (READ COMMITTED: a new snapshot per query) or fails with 40001 on the row.
-- * an UPDATE's old and new rows are paired by id, which is why a rental's id no longer changes
--   (rentals_id_immutable_trg: an event names the rental by id, and a changed id would pair one
--   rental's old status with another's new one). Nothing renamed a rental's id: charges and payments
--   refer to it without ON UPDATE.
-- * a line is accepted only if its entry was created by this transaction: the check runs after the
--   statement instead of before each row, so a line of a missing entry now gets
--   journal_lines_entry_fk (23503) first.
-- Plan shapes hold for one row and for a million (the plans are cached with the first statement's
-- row count): per-row probes are scalar subqueries over an index, and the old and new rows of an
-- UPDATE are paired by a window over both, never by a join whose method depends on an estimate.
-- Trigger and function names are kept; errors still name journal_lines_same_transaction_trg.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

CREATE OR REPLACE FUNCTION rental.rentals_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO rental.outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
        SELECT 'rental', n.id,
               (SELECT coalesce(max(e.aggregate_version), 0) + 1 FROM rental.outbox_events AS e
                WHERE e.aggregate_type = 'rental' AND e.aggregate_id = n.id),
               'rental.' || CASE n.status WHEN 'active' THEN 'activated' ELSE n.status END,
               jsonb_build_object('rental_id', n.id, 'vehicle_id', n.vehicle_id, 'customer_id', n.customer_id,
                                  'pickup_at', lower(n.period), 'return_at', upper(n.period),
                                  'status', n.status, 'currency', n.currency)
        FROM (SELECT r.*, row_number() OVER () AS ordinal FROM new_rentals AS r) AS n
        ORDER BY n.ordinal;
    ELSE
        -- Each new row (its ordinal in the statement) after its old row (no ordinal), same id: lag()
        -- hands it the old status.
        INSERT INTO rental.outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
        SELECT 'rental', c.id,
               (SELECT coalesce(max(e.aggregate_version), 0) + 1 FROM rental.outbox_events AS e
                WHERE e.aggregate_type = 'rental' AND e.aggregate_id = c.id),
               'rental.' || CASE c.status WHEN 'active' THEN 'activated' ELSE c.status END,
               jsonb_build_object('rental_id', c.id, 'vehicle_id', c.vehicle_id, 'customer_id', c.customer_id,
                                  'pickup_at', lower(c.period), 'return_at', upper(c.period),
                                  'status', c.status, 'currency', c.currency)
        FROM (
            SELECT b.*, lag(b.status) OVER (PARTITION BY b.id ORDER BY b.ordinal NULLS FIRST) AS old_status
            FROM (
                SELECT o.id, o.vehicle_id, o.customer_id, o.period, o.status, o.currency, NULL::bigint AS ordinal
                FROM old_rentals AS o
                UNION ALL
                SELECT n.id, n.vehicle_id, n.customer_id, n.period, n.status, n.currency, row_number() OVER ()
                FROM new_rentals AS n
            ) AS b
        ) AS c
        WHERE c.ordinal IS NOT NULL AND c.status IS DISTINCT FROM c.old_status
        ORDER BY c.ordinal;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION rental.rentals_publish() IS
    'AFTER INSERT and AFTER UPDATE FOR EACH STATEMENT trigger (rows as new_rentals, old_rentals): writes rental.reserved|activated|completed|cancelled|no_show to rental.outbox_events for each new rental and each status change, as the rental''s next version, in row order.';

CREATE OR REPLACE FUNCTION rental.rentals_reject_id_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'rental %: its id cannot change (to %)', OLD.id, NEW.id
        USING ERRCODE = '55000', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
              HINT = 'A rental keeps its id: its events, charges and payments name it.';
END
$$;
COMMENT ON FUNCTION rental.rentals_reject_id_change() IS
    'BEFORE UPDATE OF id trigger (when the id changes): a rental keeps its id.';
REVOKE ALL ON FUNCTION rental.rentals_reject_id_change() FROM PUBLIC;

CREATE OR REPLACE FUNCTION accounting.journal_entries_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO accounting.outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
    SELECT 'journal_entry', n.id,
           (SELECT coalesce(max(e.aggregate_version), 0) + 1 FROM accounting.outbox_events AS e
            WHERE e.aggregate_type = 'journal_entry' AND e.aggregate_id = n.id),
           'accounting.entry_posted',
           jsonb_build_object('entry_id', n.id, 'source', n.source,
                              'external_reference', n.external_reference, 'posting_date', n.posting_date,
                              'currency', n.currency, 'reverses_entry_id', n.reverses_entry_id)
    FROM (SELECT j.*, row_number() OVER () AS ordinal FROM new_entries AS j) AS n
    ORDER BY n.ordinal;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION accounting.journal_entries_publish() IS
    'AFTER INSERT FOR EACH STATEMENT trigger (new rows as new_entries): writes accounting.entry_posted to accounting.outbox_events for each new entry, as the entry''s version 1, in row order.';

CREATE OR REPLACE FUNCTION accounting.journal_lines_check_same_transaction() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    closed uuid;
BEGIN
    -- One probe of journal_entries_pk per entry of the statement.
    SELECT l.entry_id INTO closed
    FROM (SELECT DISTINCT n.entry_id FROM new_lines AS n) AS l
    WHERE (SELECT e.created_txid FROM accounting.journal_entries AS e WHERE e.id = l.entry_id)
          IS DISTINCT FROM pg_current_xact_id()
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % was posted by an earlier transaction: its lines are closed', closed
            USING ERRCODE = '55000', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Post a reversal entry and a new entry instead.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION accounting.journal_lines_check_same_transaction() IS
    'AFTER INSERT FOR EACH STATEMENT trigger (new rows as new_lines): only the transaction that created an entry may add its lines.';

-- CREATE OR REPLACE TRIGGER takes SHARE ROW EXCLUSIVE (writes wait a moment, reads go on).
-- Transition tables need one event per trigger: the UPDATE side of the rental events is a second trigger.
CREATE OR REPLACE TRIGGER rentals_outbox_trg AFTER INSERT ON rental.rentals
    REFERENCING NEW TABLE AS new_rentals
    FOR EACH STATEMENT EXECUTE FUNCTION rental.rentals_publish();
CREATE TRIGGER rentals_outbox_update_trg AFTER UPDATE ON rental.rentals
    REFERENCING OLD TABLE AS old_rentals NEW TABLE AS new_rentals
    FOR EACH STATEMENT EXECUTE FUNCTION rental.rentals_publish();
CREATE TRIGGER rentals_id_immutable_trg BEFORE UPDATE OF id ON rental.rentals
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION rental.rentals_reject_id_change();
CREATE OR REPLACE TRIGGER journal_entries_outbox_trg AFTER INSERT ON accounting.journal_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION accounting.journal_entries_publish();
CREATE OR REPLACE TRIGGER journal_lines_same_transaction_trg AFTER INSERT ON accounting.journal_lines
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION accounting.journal_lines_check_same_transaction();

COMMIT;
