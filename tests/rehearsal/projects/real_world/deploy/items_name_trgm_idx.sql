-- Deploy warehouse:items_name_trgm_idx
-- requires: items
-- Built concurrently, so no transaction (pg_trgm comes with the production image).
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY items_name_trgm_idx ON :"schema".items USING gin (name gin_trgm_ops);
