-- Deploy warehouse:items
-- requires: warehouse_schema
\set owner_name `cat secrets/owner_name`
\set reader_name `cat secrets/reader_name`
BEGIN;
-- The image sets app.environment for every session; a server prepared otherwise is refused here.
SELECT current_setting('app.environment');
CREATE TABLE :"schema".items (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku text COLLATE sku_order NOT NULL UNIQUE,
    name text NOT NULL
);
ALTER TABLE :"schema".items OWNER TO :"owner_name";
GRANT SELECT ON :"schema".items TO :"reader_name";
COMMIT;
