-- Revert rehearsal_fixture:orders from pg

BEGIN;

DROP TABLE app.orders;

COMMIT;
