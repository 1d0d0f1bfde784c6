-- Revert rehearsal_fixture:customers_status_idx from pg

BEGIN;

-- Broken on purpose: the DROP INDEX app.customers_status_idx is missing.

COMMIT;
