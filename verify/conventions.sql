-- Verify fleetdb:conventions on pg
-- Each check raises when the object is missing or wrong, so sqitch verify fails.

BEGIN;

DO $$
BEGIN
    -- In shared when the deploy installed it; in the schema it was found in (often public) otherwise.
    IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'btree_gist') THEN
        RAISE EXCEPTION 'conventions: extension btree_gist is not installed';
    END IF;
    IF substr(shared.uuid_v7()::text, 15, 1) <> '7' THEN
        RAISE EXCEPTION 'conventions: shared.uuid_v7() does not return version 7 UUIDs';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_proc WHERE oid = 'shared.touch_updated_at()'::regprocedure
                   AND prorettype = 'trigger'::regtype) THEN
        RAISE EXCEPTION 'conventions: shared.touch_updated_at() is not a trigger function';
    END IF;
    IF (SELECT count(*) FROM pg_constraint WHERE conrelid = 'shared.currencies'::regclass
        AND conname IN ('currencies_pk', 'currencies_code_format_ck', 'currencies_numeric_code_range_ck',
                        'currencies_numeric_code_uq', 'currencies_minor_units_range_ck')) <> 5 THEN
        RAISE EXCEPTION 'conventions: a constraint of shared.currencies is missing';
    END IF;
    IF NOT EXISTS (SELECT FROM shared.currencies WHERE code = 'EUR' AND minor_units = 2) THEN
        RAISE EXCEPTION 'conventions: shared.currencies lacks its reference rows';
    END IF;
END
$$;

ROLLBACK;
