-- Revert fleetdb:outbox_publish_set_based from pg

-- Back to one event and one same-transaction check per row: the bodies as
-- integration_outbox_aggregate_order and accounting_entries left them, comments included, and the
-- row-level triggers; rental ids may change again.

BEGIN;

SET LOCAL ROLE fleetdb_owner;
SET LOCAL lock_timeout = '5s';

DROP TRIGGER rentals_id_immutable_trg ON rental.rentals;
DROP TRIGGER rentals_outbox_update_trg ON rental.rentals;
DROP FUNCTION rental.rentals_reject_id_change();

CREATE OR REPLACE FUNCTION rental.rentals_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
        RETURN NULL;
    END IF;
    INSERT INTO rental.outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
    SELECT 'rental', NEW.id, coalesce(max(e.aggregate_version), 0) + 1,
           'rental.' || CASE NEW.status WHEN 'active' THEN 'activated' ELSE NEW.status END,
           jsonb_build_object('rental_id', NEW.id, 'vehicle_id', NEW.vehicle_id, 'customer_id', NEW.customer_id,
                              'pickup_at', lower(NEW.period), 'return_at', upper(NEW.period),
                              'status', NEW.status, 'currency', NEW.currency)
    FROM rental.outbox_events AS e
    WHERE e.aggregate_type = 'rental' AND e.aggregate_id = NEW.id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION rental.rentals_publish() IS
    'AFTER INSERT OR UPDATE OF status trigger: writes rental.reserved|activated|completed|cancelled|no_show to rental.outbox_events, as the rental''s next version.';


CREATE OR REPLACE FUNCTION accounting.journal_entries_publish() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO accounting.outbox_events (aggregate_type, aggregate_id, aggregate_version, event_type, payload)
    SELECT 'journal_entry', NEW.id, coalesce(max(e.aggregate_version), 0) + 1, 'accounting.entry_posted',
           jsonb_build_object('entry_id', NEW.id, 'source', NEW.source,
                              'external_reference', NEW.external_reference, 'posting_date', NEW.posting_date,
                              'currency', NEW.currency, 'reverses_entry_id', NEW.reverses_entry_id)
    FROM accounting.outbox_events AS e
    WHERE e.aggregate_type = 'journal_entry' AND e.aggregate_id = NEW.id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION accounting.journal_entries_publish() IS
    'AFTER INSERT trigger: writes accounting.entry_posted to accounting.outbox_events, as the entry''s version 1.';


CREATE OR REPLACE FUNCTION accounting.journal_lines_check_same_transaction() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    entry_txid xid8;
BEGIN
    SELECT created_txid INTO entry_txid FROM accounting.journal_entries WHERE id = NEW.entry_id;
    IF entry_txid IS DISTINCT FROM pg_current_xact_id() THEN
        RAISE EXCEPTION 'journal entry % was posted by an earlier transaction: its lines are closed', NEW.entry_id
            USING ERRCODE = '55000', CONSTRAINT = TG_NAME, SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
                  HINT = 'Post a reversal entry and a new entry instead.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION accounting.journal_lines_check_same_transaction() IS
    'BEFORE INSERT trigger: only the transaction that created the entry may add its lines.';

CREATE OR REPLACE TRIGGER rentals_outbox_trg AFTER INSERT OR UPDATE OF status ON rental.rentals
    FOR EACH ROW EXECUTE FUNCTION rental.rentals_publish();
CREATE OR REPLACE TRIGGER journal_entries_outbox_trg AFTER INSERT ON accounting.journal_entries
    FOR EACH ROW EXECUTE FUNCTION accounting.journal_entries_publish();
CREATE OR REPLACE TRIGGER journal_lines_same_transaction_trg BEFORE INSERT ON accounting.journal_lines
    FOR EACH ROW EXECUTE FUNCTION accounting.journal_lines_check_same_transaction();

COMMIT;
