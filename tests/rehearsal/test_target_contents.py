"""A rehearsal target is empty only when it holds nothing at all: one test per kind of object a database
can hold on its own, each refused with its name, and a test that no catalog of the server is forgotten."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest

from fleetdb.databases import Database
from fleetdb.errors import FleetdbError
from fleetdb.lab import Lab
from fleetdb.rehearsal.registry import target_contents
from fleetdb.rehearsal.target import refuse_unless_empty
from fleetdb.sql_files import load_sql

# Kind -> the statements that create one such object (and what they need), and what the refusal names.
KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "large object": (("SELECT lo_create(0)",), r"large object \d+"),
    "publication": (("CREATE PUBLICATION rehearsal_pub",), "publication rehearsal_pub"),
    "subscription": (
        (
            "CREATE SUBSCRIPTION rehearsal_sub CONNECTION 'dbname=nowhere' PUBLICATION rehearsal_pub"
            " WITH (connect = false, slot_name = NONE)",
        ),
        "subscription rehearsal_sub",
    ),
    "foreign-data wrapper": (
        ("CREATE FOREIGN DATA WRAPPER rehearsal_fdw",),
        "foreign-data wrapper rehearsal_fdw",
    ),
    "foreign server": (
        (
            "CREATE FOREIGN DATA WRAPPER rehearsal_fdw",
            "CREATE SERVER rehearsal_srv FOREIGN DATA WRAPPER rehearsal_fdw",
        ),
        "server rehearsal_srv",
    ),
    "user mapping": (
        (
            "CREATE FOREIGN DATA WRAPPER rehearsal_fdw",
            "CREATE SERVER rehearsal_srv FOREIGN DATA WRAPPER rehearsal_fdw",
            "CREATE USER MAPPING FOR PUBLIC SERVER rehearsal_srv",
        ),
        "user mapping public on server rehearsal_srv",
    ),
    "event trigger": (
        (
            "CREATE FUNCTION public.rehearsal_ddl() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END'",
            "CREATE EVENT TRIGGER rehearsal_et ON ddl_command_start EXECUTE FUNCTION public.rehearsal_ddl()",
        ),
        "event trigger rehearsal_et",
    ),
    "extension": (("CREATE EXTENSION pg_trgm",), "extension pg_trgm"),
    "cast": (
        (
            "CREATE TYPE public.rehearsal_mood AS ENUM ('calm')",
            "CREATE CAST (public.rehearsal_mood AS text) WITH INOUT",
        ),
        r"cast \(public\.rehearsal_mood AS pg_catalog\.text\)",
    ),
    "enum type in public": (
        ("CREATE TYPE public.rehearsal_mood AS ENUM ('calm')",),
        "type public.rehearsal_mood",
    ),
    "domain in public": (("CREATE DOMAIN public.rehearsal_km AS bigint",), "type public.rehearsal_km"),
    "table in public": (
        ("CREATE TABLE public.rehearsal_t (id int PRIMARY KEY)",),
        "table public.rehearsal_t",
    ),
    "function in public": (
        ("CREATE FUNCTION public.rehearsal_f() RETURNS int LANGUAGE sql AS 'SELECT 1'",),
        r"function public.rehearsal_f\(\)",
    ),
    "empty schema": (("CREATE SCHEMA legacy",), "schema legacy"),
    "default privileges": (
        ("ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC",),
        "default acl for role postgres on tables",
    ),
    "operator": (
        ("CREATE OPERATOR public.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq)",),
        r"operator public\.===\(integer,integer\)",
    ),
    "operator family": (
        ("CREATE OPERATOR FAMILY public.rehearsal_ops USING btree",),
        "operator family public.rehearsal_ops USING btree",
    ),
    "collation": (("CREATE COLLATION public.rehearsal_c (locale = 'C')",), "collation public.rehearsal_c"),
    "conversion": (
        ("CREATE CONVERSION public.rehearsal_conv FOR 'UTF8' TO 'LATIN1' FROM utf8_to_iso8859_1",),
        "conversion public.rehearsal_conv",
    ),
    "text search configuration": (
        ("CREATE TEXT SEARCH CONFIGURATION public.rehearsal_ts (COPY = english)",),
        "text search configuration public.rehearsal_ts",
    ),
    "access method": (
        ("CREATE ACCESS METHOD rehearsal_am TYPE TABLE HANDLER heap_tableam_handler",),
        "access method rehearsal_am",
    ),
    "language": (
        ("CREATE LANGUAGE rehearsal_pl HANDLER plpgsql_call_handler",),
        "language rehearsal_pl",
    ),
}
# Catalogs with an oid column that the query does not read, and why that loses nothing.
NOT_READ = {
    # part of another object, which is listed
    "pg_attrdef": "column defaults belong to their table",
    "pg_constraint": "constraints belong to their table or domain",
    "pg_trigger": "triggers belong to their table",
    "pg_rewrite": "rules belong to their table or view",
    "pg_policy": "policies belong to their table",
    "pg_enum": "labels belong to their enum type",
    "pg_amop": "operators of a family belong to the family",
    "pg_amproc": "support functions of a family belong to the family",
    "pg_publication_rel": "tables of a publication belong to the publication",
    "pg_publication_namespace": "schemas of a publication belong to the publication",
    # the cluster's, not this database's
    "pg_authid": "roles",
    "pg_auth_members": "role memberships (an oid column from PostgreSQL 16 on)",
    "pg_database": "databases",
    "pg_tablespace": "tablespaces",
    "pg_parameter_acl": "privileges on settings",
}


@pytest.fixture
def empty_db(fleetdb_lab: Lab) -> Iterator[Database]:
    database = fleetdb_lab.database(f"rehearsal_contents_{uuid.uuid4().hex[:8]}").create()
    yield database
    with database.connect(autocommit=True) as conn:  # a subscription keeps its database from being dropped
        for (name,) in conn.execute(
            "SELECT subname FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database"
            " WHERE datname = current_database())"
        ).fetchall():
            conn.execute(f'DROP SUBSCRIPTION "{name}"')
    database.drop()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_target_that_holds_only_one_object_is_refused_and_the_object_named(
    empty_db: Database, kind: str
) -> None:
    statements, named = KINDS[kind]
    with empty_db.connect(autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)
    with pytest.raises(FleetdbError, match=rf"is not empty: it holds (.*; )?{named}[;.] .*--allow-changes"):
        refuse_unless_empty(empty_db.target, allow_changes=False)


def test_the_parts_of_an_object_are_not_listed_beside_it(empty_db: Database) -> None:
    with empty_db.connect(autocommit=True) as conn:
        conn.execute("CREATE SCHEMA app")
        conn.execute(
            "CREATE TABLE app.customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            " email text NOT NULL DEFAULT '' CHECK (email <> 'x'), note text)"
        )
        conn.execute("CREATE INDEX customers_email_idx ON app.customers (email)")
        conn.execute("CREATE EXTENSION btree_gist")
        held = [f"{h.kind} {h.identity}" for h in target_contents(conn)]
    assert held == ["extension btree_gist", "schema app", "table app.customers"]


def test_a_temporary_table_of_another_session_does_not_count(empty_db: Database) -> None:
    with empty_db.connect(autocommit=True) as session:
        session.execute("CREATE TEMPORARY TABLE scratch (id int)")
        refuse_unless_empty(empty_db.target, allow_changes=False)


def test_every_catalog_of_the_server_is_read_or_holds_only_parts_of_other_objects(
    fleetdb_lab: Lab,
) -> None:
    query = load_sql("fleetdb.rehearsal", "target_contents")
    read = set(re.findall(r"\bFROM (pg_\w+)", query)) | set(re.findall(r"'(pg_\w+)'::regclass", query))
    with fleetdb_lab.server.connect() as conn:
        catalogs = {
            str(name)
            for (name,) in conn.execute(
                "SELECT c.relname FROM pg_class AS c JOIN pg_attribute AS a ON a.attrelid = c.oid"
                " WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'r' AND a.attname = 'oid'"
            )
        }
    assert catalogs - read - set(NOT_READ) == set(), "catalogs that hold objects the emptiness check misses"
    assert "pg_subscription" in read and "pg_largeobject_metadata" in read
