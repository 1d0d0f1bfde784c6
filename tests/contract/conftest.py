"""One small fixture schema (``fixture.sql``) per test module, in a transaction that is never committed;
every test asserts against it, and a test that writes does so in a savepoint.

Per module, not per session: the transaction holds a transaction id, and an open one holds back the
whole cluster's xmin horizon (what the outbox relays read up to), so it must end before other test files
run on the same server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import catalog
from fleetdb.databases import Database

FIXTURE_SQL = Path(__file__).with_name("fixture.sql")


@pytest.fixture(scope="session")
def ct_database(fleetdb_template: Database) -> Iterator[Database]:
    database = fleetdb_template.clone()
    yield database
    database.drop()


@pytest.fixture(scope="module")
def ct_conn(ct_database: Database) -> Iterator[psycopg.Connection[Any]]:
    """A connection to a clone of the template with the fixture schema and pgTAP, inside a transaction."""
    conn = ct_database.connect()
    try:
        conn.execute("CREATE EXTENSION pgtap")
        conn.execute(FIXTURE_SQL.read_text())
        conn.execute("SELECT no_plan()")
        yield conn
    finally:
        conn.rollback()
        conn.close()


@pytest.fixture
def ct(ct_conn: psycopg.Connection[Any]) -> Iterator[psycopg.Connection[Any]]:
    """The fixture connection; whatever a test writes is undone by a savepoint rolled back after it."""
    with ct_conn.transaction(force_rollback=True):
        yield ct_conn


@pytest.fixture
def snap(ct_conn: psycopg.Connection[Any]) -> CatalogSnapshot:
    return catalog(ct_conn)
