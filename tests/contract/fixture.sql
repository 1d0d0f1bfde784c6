-- A small schema with one of everything the assertions look at; created in a transaction that is never
-- committed, so its roles stay invisible to every other session of the cluster.
CREATE SCHEMA ct;
CREATE ROLE ct_reader NOLOGIN;
CREATE ROLE ct_clerk NOLOGIN IN ROLE ct_reader;
CREATE ROLE ct_auditor NOLOGIN NOINHERIT IN ROLE ct_reader;
CREATE TYPE ct.mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN ct.positive AS integer CHECK (VALUE > 0);
CREATE TABLE ct.owners (
    id bigint GENERATED ALWAYS AS IDENTITY,
    email text NOT NULL,
    nickname text,
    mood ct.mood NOT NULL DEFAULT 'ok',
    joined_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT owners_pk PRIMARY KEY (id),
    CONSTRAINT owners_email_uq UNIQUE (email)
);
CREATE TABLE ct.pets (
    id bigint GENERATED ALWAYS AS IDENTITY,
    owner_id bigint NOT NULL,
    name varchar(40) NOT NULL,
    weight numeric(6, 2),
    stay tstzrange NOT NULL,
    CONSTRAINT pets_pk PRIMARY KEY (id),
    CONSTRAINT pets_owner_fk FOREIGN KEY (owner_id) REFERENCES ct.owners (id) MATCH FULL ON DELETE CASCADE,
    CONSTRAINT pets_weight_positive_ck CHECK (weight > 0),
    CONSTRAINT pets_no_double_stay_excl EXCLUDE USING gist (owner_id WITH =, stay WITH &&) WHERE (name <> 'ghost'),
    CONSTRAINT pets_name_uq UNIQUE (owner_id, name) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX pets_lower_name_idx ON ct.pets (lower(name::text)) WHERE weight IS NOT NULL;
CREATE INDEX pets_broken_idx ON ct.pets (weight);
-- What a failed CREATE INDEX CONCURRENTLY leaves behind.
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'ct.pets_broken_idx'::regclass;
CREATE TABLE ct.visits (
    id bigint PRIMARY KEY,
    pet_id bigint NOT NULL,
    vet text,
    CONSTRAINT visits_pet_fk FOREIGN KEY (pet_id) REFERENCES ct.pets (id)
);
CREATE VIEW ct.heavy_pets AS SELECT id, name FROM ct.pets WHERE weight > 20;
CREATE MATERIALIZED VIEW ct.pet_counts AS SELECT owner_id, count(*) AS pets FROM ct.pets GROUP BY owner_id;
CREATE SEQUENCE ct.tickets;
CREATE FUNCTION ct.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION ct.weigh(p_pet bigint, p_factor numeric) RETURNS numeric
    LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = ct, pg_temp
    AS $$ SELECT weight * p_factor FROM ct.pets WHERE id = p_pet $$;
CREATE TRIGGER pets_touch_trg BEFORE INSERT OR UPDATE ON ct.pets FOR EACH ROW EXECUTE FUNCTION ct.touch();
CREATE CONSTRAINT TRIGGER pets_check_trg AFTER INSERT ON ct.pets DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ct.touch();
GRANT USAGE ON SCHEMA ct TO ct_reader;
GRANT SELECT ON ct.owners, ct.pets TO ct_reader;
GRANT INSERT ON ct.owners TO ct_clerk;
GRANT UPDATE (nickname) ON ct.owners TO ct_clerk;
GRANT USAGE ON SEQUENCE ct.tickets TO ct_clerk;
REVOKE EXECUTE ON FUNCTION ct.weigh(bigint, numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ct.weigh(bigint, numeric) TO ct_clerk;
ALTER DEFAULT PRIVILEGES IN SCHEMA ct GRANT SELECT ON TABLES TO ct_reader;
ALTER TABLE ct.owners ENABLE ROW LEVEL SECURITY;
ALTER TABLE ct.owners FORCE ROW LEVEL SECURITY;
CREATE POLICY owners_named ON ct.owners FOR SELECT TO ct_reader USING (nickname IS NOT NULL);
INSERT INTO ct.owners (email, nickname) VALUES ('ann@example.org', 'ann'), ('bob@example.org', NULL);
INSERT INTO ct.pets (owner_id, name, weight, stay)
VALUES (1, 'rex', 30, '[2026-01-01,2026-01-05)'), (1, 'tom', 4, '[2026-02-01,2026-02-05)'),
       (2, 'kit', 3, '[2026-01-01,2026-01-05)');
-- Fire the deferred trigger events of those inserts now, so later tests may ALTER ct.pets.
SET CONSTRAINTS ALL IMMEDIATE;
