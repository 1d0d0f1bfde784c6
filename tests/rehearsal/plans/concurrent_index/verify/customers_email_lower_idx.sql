-- Verify rehearsal_fixture:customers_email_lower_idx on pg

BEGIN;

-- A failed concurrent build leaves an invalid index behind: it must be valid.
SELECT 1 / (SELECT count(*)::int FROM pg_index
            WHERE indexrelid = to_regclass('app.customers_email_lower_idx') AND indisvalid);

ROLLBACK;
