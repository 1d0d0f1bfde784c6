-- Deploy fleetdb:conventions to pg
-- requires: (none, first change)

BEGIN;

-- Before anything: look for what would make this plan fail halfway in a database or cluster that
-- already holds objects, or a deploying role that lacks what the plan needs. Every obstacle is named
-- in one error, and since nothing has been created yet, nothing needs undoing (docs/db/runbook.md,
-- "Deploying into a database that is not empty" and "Privileges").
DO $preflight$
DECLARE
    -- Every schema the released plan creates, each with CREATE SCHEMA (which fails when it exists).
    plan_schemas constant text[] := ARRAY['shared', 'iam', 'fleet', 'rental', 'maintenance', 'accounting'];
    plan_roles constant text[] := ARRAY['fleetdb_owner', 'fleetdb_app', 'fleetdb_readonly'];
    -- From PostgreSQL 16 on, SET ROLE needs the SET option of a membership, and a CREATEROLE role may
    -- grant only roles it holds with ADMIN OPTION (those it created itself); up to 15, CREATEROLE grants any.
    pg16 constant boolean := current_setting('server_version_num')::int >= 160000;
    me constant pg_roles := (SELECT r FROM pg_roles AS r WHERE r.rolname = current_user);
    db constant text := current_database();
    codes text[] := '{}';
    found text[] := '{}';
    remedies text[] := '{}';
    r record;
BEGIN
    SELECT string_agg(format('%I (owner %s)', n.nspname, n.nspowner::regrole), ', '
                      ORDER BY array_position(plan_schemas, n.nspname::text)),
           min(n.nspname)
    INTO r FROM pg_namespace AS n WHERE n.nspname = ANY (plan_schemas);
    IF r.string_agg IS NOT NULL THEN
        codes := codes || '42P06'::text;
        found := found || format('schema(s) %s already exist', r.string_agg);
        remedies := remedies || format('fleetdb creates the schemas %s: deploy into a database without '
            'them, or rename yours (ALTER SCHEMA %I RENAME TO …)', array_to_string(plan_schemas, ', '), r.min);
    END IF;
    FOR r IN SELECT ro.rolname, ro.rolsuper FROM pg_roles AS ro
             WHERE ro.rolname = ANY (plan_roles) AND (ro.rolcanlogin OR ro.rolsuper) ORDER BY ro.rolname
    LOOP
        codes := codes || '55000'::text;
        found := found || format('role %I exists and %s', r.rolname,
                                 CASE WHEN r.rolsuper THEN 'is a superuser' ELSE 'can log in' END);
        remedies := remedies || format('fleetdb''s roles are NOLOGIN and not superusers (login roles are '
            'granted membership in them): ALTER ROLE %I NOLOGIN NOSUPERUSER, or deploy to a cluster without it',
            r.rolname);
    END LOOP;
    IF NOT me.rolsuper THEN
        IF NOT has_database_privilege(db, 'CREATE') THEN
            codes := codes || '42501'::text;
            found := found || format('role %I lacks CREATE on database %I', me.rolname, db);
            remedies := remedies || format('it creates schema shared and the sqitch registry: make it the '
                'database owner (ALTER DATABASE %I OWNER TO %I)', db, me.rolname);
        END IF;
        IF NOT me.rolcreaterole
           AND EXISTS (SELECT FROM unnest(plan_roles) AS want WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = want))
        THEN
            codes := codes || '42501'::text;
            found := found || format('role %I cannot create the missing fleetdb roles', me.rolname);
            remedies := remedies || format('ALTER ROLE %I CREATEROLE, or have a superuser create '
                'fleetdb_owner, fleetdb_app and fleetdb_readonly first and GRANT fleetdb_owner TO %I',
                me.rolname, me.rolname);
        END IF;
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fleetdb_owner')
           AND NOT pg_has_role(me.rolname, 'fleetdb_owner', CASE WHEN pg16 THEN 'SET' ELSE 'MEMBER' END)
           AND NOT pg_has_role(me.rolname, 'fleetdb_owner', 'MEMBER WITH ADMIN OPTION')
           AND NOT (me.rolcreaterole AND NOT pg16)
        THEN
            codes := codes || '42501'::text;
            found := found || format('role %I cannot SET ROLE fleetdb_owner', me.rolname);
            remedies := remedies || format('every change runs as fleetdb_owner: GRANT fleetdb_owner TO %I',
                                           me.rolname);
        END IF;
        IF NOT (EXISTS (SELECT FROM pg_roles WHERE rolname = 'fleetdb_owner')
                AND has_database_privilege('fleetdb_owner', db, 'CREATE'))
           AND NOT has_database_privilege(db, 'CREATE WITH GRANT OPTION')
        THEN
            codes := codes || '42501'::text;
            found := found || format('role %I cannot grant CREATE on database %I to fleetdb_owner', me.rolname, db);
            remedies := remedies || format('make it the database owner (ALTER DATABASE %I OWNER TO %I), or '
                'have the owner GRANT CREATE ON DATABASE %I TO fleetdb_owner first', db, me.rolname, db);
        END IF;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'btree_gist') THEN
        codes := codes || '58P01'::text;
        found := found || 'extension btree_gist is not available on this server'::text;
        remedies := remedies || 'install PostgreSQL''s contrib modules (Debian: postgresql-contrib)'::text;
    END IF;
    IF cardinality(found) > 0 THEN
        RAISE EXCEPTION USING
            ERRCODE = codes[1],
            MESSAGE = format('conventions: nothing was deployed: %s [SQLSTATE %s]',
                             array_to_string(found, '; '), codes[1]),
            DETAIL = array_to_string(remedies, E'.\n') || '.',
            HINT = 'docs/db/runbook.md: "Deploying into a database that is not empty" and "Privileges".';
    END IF;
END
$preflight$;

CREATE SCHEMA shared;
COMMENT ON SCHEMA shared IS 'Helpers and reference data shared by every module.';

-- btree_gist lets exclusion constraints mix equality (vehicle_id =) with range overlap (period &&).
-- Where the database already has it (often in public), fleetdb uses that one and leaves it where it
-- is: operator classes are found by type, not by schema. The revert drops it only from shared.
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA shared;

-- PostgreSQL 15 has no uuidv7(): a time-ordered UUID keeps new rows at the right edge of
-- primary key indexes instead of scattering them the way gen_random_uuid() does.
CREATE FUNCTION shared.uuid_v7() RETURNS uuid
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

CREATE FUNCTION shared.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION shared.touch_updated_at() IS 'BEFORE UPDATE trigger function: sets updated_at on every mutable table.';

CREATE TABLE shared.currencies (
    code         char(3)     NOT NULL,
    numeric_code smallint    NOT NULL,
    name         text        NOT NULL,
    minor_units  smallint    NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT currencies_pk PRIMARY KEY (code),
    CONSTRAINT currencies_code_format_ck CHECK (code ~ '^[A-Z]{3}$'),
    CONSTRAINT currencies_numeric_code_range_ck CHECK (numeric_code BETWEEN 1 AND 999),
    CONSTRAINT currencies_numeric_code_uq UNIQUE (numeric_code),
    CONSTRAINT currencies_minor_units_range_ck CHECK (minor_units BETWEEN 0 AND 4)
);
COMMENT ON TABLE shared.currencies IS 'ISO 4217 currencies; amounts are stored in minor units of these.';
COMMENT ON COLUMN shared.currencies.code IS 'ISO 4217 alphabetic code, e.g. EUR.';
COMMENT ON COLUMN shared.currencies.numeric_code IS 'ISO 4217 numeric code, e.g. 978.';
COMMENT ON COLUMN shared.currencies.name IS 'English name of the currency.';
COMMENT ON COLUMN shared.currencies.minor_units IS 'Digits after the decimal point: 2 for EUR, 0 for JPY, 3 for KWD.';
COMMENT ON COLUMN shared.currencies.created_at IS 'When the row was written.';

INSERT INTO shared.currencies (code, numeric_code, name, minor_units) VALUES
    ('AED', 784, 'UAE Dirham', 2),
    ('ARS', 32, 'Argentine Peso', 2),
    ('AUD', 36, 'Australian Dollar', 2),
    ('BGN', 975, 'Bulgarian Lev', 2),
    ('BHD', 48, 'Bahraini Dinar', 3),
    ('BRL', 986, 'Brazilian Real', 2),
    ('CAD', 124, 'Canadian Dollar', 2),
    ('CHF', 756, 'Swiss Franc', 2),
    ('CLP', 152, 'Chilean Peso', 0),
    ('CNY', 156, 'Yuan Renminbi', 2),
    ('COP', 170, 'Colombian Peso', 2),
    ('CZK', 203, 'Czech Koruna', 2),
    ('DKK', 208, 'Danish Krone', 2),
    ('EGP', 818, 'Egyptian Pound', 2),
    ('EUR', 978, 'Euro', 2),
    ('GBP', 826, 'Pound Sterling', 2),
    ('HKD', 344, 'Hong Kong Dollar', 2),
    ('HUF', 348, 'Forint', 2),
    ('IDR', 360, 'Rupiah', 2),
    ('ILS', 376, 'New Israeli Sheqel', 2),
    ('INR', 356, 'Indian Rupee', 2),
    ('ISK', 352, 'Iceland Krona', 0),
    ('JOD', 400, 'Jordanian Dinar', 3),
    ('JPY', 392, 'Yen', 0),
    ('KRW', 410, 'Won', 0),
    ('KWD', 414, 'Kuwaiti Dinar', 3),
    ('MAD', 504, 'Moroccan Dirham', 2),
    ('MXN', 484, 'Mexican Peso', 2),
    ('MYR', 458, 'Malaysian Ringgit', 2),
    ('NOK', 578, 'Norwegian Krone', 2),
    ('NZD', 554, 'New Zealand Dollar', 2),
    ('OMR', 512, 'Rial Omani', 3),
    ('PHP', 608, 'Philippine Peso', 2),
    ('PLN', 985, 'Zloty', 2),
    ('QAR', 634, 'Qatari Rial', 2),
    ('RON', 946, 'Romanian Leu', 2),
    ('SAR', 682, 'Saudi Riyal', 2),
    ('SEK', 752, 'Swedish Krona', 2),
    ('SGD', 702, 'Singapore Dollar', 2),
    ('THB', 764, 'Baht', 2),
    ('TND', 788, 'Tunisian Dinar', 3),
    ('TRY', 949, 'Turkish Lira', 2),
    ('TWD', 901, 'New Taiwan Dollar', 2),
    ('UAH', 980, 'Hryvnia', 2),
    ('USD', 840, 'US Dollar', 2),
    ('VND', 704, 'Dong', 0),
    ('ZAR', 710, 'Rand', 2);

COMMIT;
