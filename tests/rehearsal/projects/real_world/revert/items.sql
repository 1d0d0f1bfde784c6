-- Revert warehouse:items
BEGIN;
DROP TABLE :"schema".items;
COMMIT;
