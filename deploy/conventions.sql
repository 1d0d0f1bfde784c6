-- Deploy fleetdb:conventions to pg
-- requires: (none, first change)

BEGIN;

CREATE SCHEMA shared;
COMMENT ON SCHEMA shared IS 'Helpers and reference data shared by every module.';

-- btree_gist lets exclusion constraints mix equality (vehicle_id =) with range overlap (period &&).
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
