-- Revert rehearsal_fixture:customers_insert_grant from pg

BEGIN;

-- Broken on purpose: REVOKE ALL also takes away the SELECT granted by the customers change.
REVOKE ALL ON app.customers FROM PUBLIC;

COMMIT;
