-- Revert library:loans
BEGIN;
DROP TABLE library.loans;
COMMIT;
