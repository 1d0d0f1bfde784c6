-- Revert warehouse:items_name_trgm_idx
SET lock_timeout = '5s';
DROP INDEX CONCURRENTLY :"schema".items_name_trgm_idx;
