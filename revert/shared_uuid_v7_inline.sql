-- Revert fleetdb:shared_uuid_v7_inline from pg

-- The function as v1.0 shipped it (deploy/conventions.sql), comment included.

BEGIN;

SET LOCAL ROLE fleetdb_owner;

CREATE OR REPLACE FUNCTION shared.uuid_v7() RETURNS uuid
    LANGUAGE sql VOLATILE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$
    SELECT encode(
        set_bit(
            set_bit(
                overlay(uuid_send(gen_random_uuid())
                        PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                        FROM 1 FOR 6),
                52, 1),
            53, 1),
        'hex')::uuid
$$;
COMMENT ON FUNCTION shared.uuid_v7() IS 'Time-ordered UUID (RFC 9562 version 7): 48-bit Unix milliseconds, then random bits.';

COMMIT;
