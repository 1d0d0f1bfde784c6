-- Revert library:books
BEGIN;
DROP SCHEMA library CASCADE;
COMMIT;
