-- Revert rehearsal_fixture:customers_cleanup from pg

BEGIN;

-- The deleted rows cannot be restored.
SELECT 1;

COMMIT;
