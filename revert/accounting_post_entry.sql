-- Revert fleetdb:accounting_post_entry from pg

BEGIN;

DROP FUNCTION accounting.post_entry(text, text, date, char, text, jsonb, uuid);

COMMIT;
