-- Deploy fleetdb:shared_uuid_v7_inline to pg
-- requires: conventions

-- shared.uuid_v7() is the default of every primary key, so a bulk load calls it once per row (twice for
-- an odometer reading: the reading and its outbox event). Its SET search_path clause kept PostgreSQL
-- from inlining it: every call went through the SQL-function executor and saved and restored the
-- setting (about 2x the cost of the expression itself). The same expression without the clause is
-- inlined into each INSERT's plan. The clause is not needed for safety: the function is not SECURITY
-- DEFINER, and every function, operator and type it names is qualified with pg_catalog, so no search
-- path can substitute another.

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE OR REPLACE FUNCTION shared.uuid_v7() RETURNS uuid
    LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$
    SELECT pg_catalog.encode(
        pg_catalog.set_bit(
            pg_catalog.set_bit(
                pg_catalog.overlay(
                    pg_catalog.uuid_send(pg_catalog.gen_random_uuid()),
                    pg_catalog.substring(
                        pg_catalog.int8send(pg_catalog.floor(
                            pg_catalog.extract('epoch', pg_catalog.clock_timestamp()) OPERATOR(pg_catalog.*) 1000
                        )::pg_catalog.int8),
                        3),
                    1, 6),
                52, 1),
            53, 1),
        'hex')::pg_catalog.uuid
$$;
COMMENT ON FUNCTION shared.uuid_v7() IS 'Time-ordered UUID (RFC 9562 version 7): 48-bit Unix milliseconds, then random bits. Inlined into the caller''s plan (no SET clause; every name qualified).';

COMMIT;
